using Nines.Metrics.Labels;

namespace Nines.Ingest.Scrape;

/// <summary>Targets from one static_configs entry or one group of a file_sd file, with the group's labels.</summary>
/// <param name="Targets">The <c>host:port</c> addresses.</param>
/// <param name="Labels">Labels for every target of the group (may include <c>__meta_*</c>).</param>
internal sealed record TargetGroup(IReadOnlyList<string> Targets, IReadOnlyList<Label> Labels);
