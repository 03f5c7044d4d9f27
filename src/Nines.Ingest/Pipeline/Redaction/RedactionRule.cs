using System.Buffers;
using System.Text.RegularExpressions;

namespace Nines.Ingest.Pipeline.Redaction;

/// <summary>
/// One regex rule and its counter slot. <see cref="Prefilter"/>, when set, is a literal every match
/// must contain: clean text is rejected by a vectorized search before the regex runs.
/// </summary>
internal sealed class RedactionRule
{
    public RedactionRule(string name, Regex regex, string replacement, SearchValues<string>? prefilter, long[] counts, int slot)
    {
        Name = name;
        Regex = regex;
        Prefilter = prefilter;
        // Built once so that a redaction allocates no closure; it counts each match as it replaces it.
        Evaluator = match =>
        {
            Interlocked.Increment(ref counts[slot]);
            return match.Result(replacement);
        };
    }

    public string Name { get; }

    public Regex Regex { get; }

    public SearchValues<string>? Prefilter { get; }

    public MatchEvaluator Evaluator { get; }

    /// <summary>The input itself (same instance) when nothing matched.</summary>
    public string Apply(string input)
    {
        if (Prefilter is not null)
        {
            if (input.AsSpan().IndexOfAny(Prefilter) < 0)
            {
                return input;
            }
        }
        else if (!Regex.IsMatch(input))
        {
            // IsMatch allocates nothing; Replace would build a list of matches first.
            return input;
        }

        return Regex.Replace(input, Evaluator);
    }
}
