using Nines.Metrics.Index;

namespace Nines.Query.Parser;

/// <summary>
/// <c>name{matchers} @ t offset d</c>. As in Prometheus, a metric name given before the braces is
/// also the last matcher in <see cref="Matchers"/>.
/// </summary>
internal sealed class VectorSelector(string name, List<Matcher> matchers) : Expr
{
    public string Name { get; } = name;

    public List<Matcher> Matchers { get; } = matchers;

    public long OffsetMs { get; set; }

    public bool HasOffset { get; set; }

    public AtModifier At { get; set; }

    public long AtMs { get; set; }

    public override PromType Type => PromType.Vector;
}
