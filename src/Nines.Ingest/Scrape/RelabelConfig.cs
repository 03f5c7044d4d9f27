namespace Nines.Ingest.Scrape;

/// <summary>
/// One entry of <c>relabel_configs</c> or <c>metric_relabel_configs</c>, with Prometheus' defaults
/// (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#relabel_config).
/// </summary>
public sealed class RelabelConfig
{
    /// <summary>Labels whose values are joined with <see cref="Separator"/> and matched against <see cref="Regex"/>.</summary>
    public IList<string> SourceLabels { get; } = [];

    /// <summary>Joins the source values; default <c>;</c>.</summary>
    public string Separator { get; set; } = ";";

    /// <summary>An RE2-style regular expression, fully anchored; default <c>(.*)</c>.</summary>
    public string Regex { get; set; } = "(.*)";

    /// <summary>For <c>hashmod</c>: the modulus.</summary>
    public ulong Modulus { get; set; }

    /// <summary>The label written by replace, hashmod, lowercase and uppercase (and compared by keepequal/dropequal).</summary>
    public string TargetLabel { get; set; } = "";

    /// <summary>The value written by replace (or the name by labelmap), with <c>$1</c>, <c>${1}</c>, <c>$name</c> expanded; default <c>$1</c>.</summary>
    public string Replacement { get; set; } = "$1";

    /// <summary>What to do; default <see cref="RelabelAction.Replace"/>.</summary>
    public RelabelAction Action { get; set; } = RelabelAction.Replace;

    /// <summary>Checks the rule as Prometheus does when loading it: each problem as (key, message).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Validate() =>
        [.. RelabelRule.Validate(this).Select(e => KeyValuePair.Create(e.Key, e.Message))];
}
