namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>Keeps a span when its trace is sampled at its service's probability; counts spans kept and dropped.</summary>
internal sealed class HeadSampler
{
    private readonly double _default;
    private readonly Dictionary<string, double> _services;
    private long _kept;
    private long _dropped;

    public HeadSampler(HeadSamplingOptions options)
    {
        options.Validate();
        _default = options.DefaultProbability;
        _services = new Dictionary<string, double>(options.Services, StringComparer.Ordinal);
        KeepsAll = _default >= 1 && _services.Values.All(p => p >= 1);
    }

    /// <summary>True when every probability is 1 (the default): the ingest path then skips head sampling entirely.</summary>
    public bool KeepsAll { get; }

    public long Kept => Interlocked.Read(ref _kept);

    public long Dropped => Interlocked.Read(ref _dropped);

    public double ProbabilityOf(string service) => _services.TryGetValue(service, out var p) ? p : _default;

    /// <summary>Same answer for every span of a trace (given the same probability), on every replica.</summary>
    public bool ShouldSample(string service, ReadOnlySpan<char> traceIdHex)
    {
        if (TraceIdRatio.ShouldKeep(traceIdHex, ProbabilityOf(service)))
        {
            Interlocked.Increment(ref _kept);
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }
}
