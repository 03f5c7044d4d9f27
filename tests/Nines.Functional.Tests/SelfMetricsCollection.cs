namespace Nines.Functional.Tests;

/// <summary>
/// Tests that read their host's own <c>/metrics</c> run alone: the OpenTelemetry SDK subscribes to
/// meters by name across the process, so with several hosts alive one host's <c>/metrics</c> can
/// show another's instruments (the first registered wins; later duplicates are ignored).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SelfMetricsCollection
{
    public const string Name = "Self metrics";
}
