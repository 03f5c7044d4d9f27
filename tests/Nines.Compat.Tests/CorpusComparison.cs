using System.Diagnostics;
using System.Text;

namespace Nines.Compat.Tests;

/// <summary>
/// Runs every query of a corpus as a range query and as an instant query against Prometheus and
/// Nines and compares the answers (<see cref="ResultComparer"/>): result type, series, labels,
/// values and native histograms, the order too for sort and sort_desc; where Prometheus fails,
/// Nines must fail with the same status, errorType and error text.
/// </summary>
internal sealed class CorpusComparison
{
    public int Queries { get; private init; }

    public int Checks { get; private set; }

    public int Passed { get; private set; }

    public int FailingInReference { get; private set; }

    /// <summary>Successful Prometheus answers with at least one series.</summary>
    public int NonEmptyInReference { get; private set; }

    /// <summary>Successful Prometheus answers with at least one native histogram sample.</summary>
    public int HistogramsInReference { get; private set; }

    /// <summary>Queries whose range answer in Prometheus contradicts their should_fail.</summary>
    public List<string> CorpusErrors { get; } = [];

    public List<string> Differences { get; } = [];

    /// <summary>Nines answered 5xx where Prometheus did not.</summary>
    public List<string> ServerErrors { get; } = [];

    public TimeSpan Elapsed { get; private set; }

    /// <summary>
    /// Compares every case over [<paramref name="startMs"/>, <paramref name="endMs"/>] (the case's
    /// step, else <paramref name="defaultStep"/>) and at <paramref name="instantMs"/>;
    /// <paramref name="expand"/> fills in a query's placeholders.
    /// </summary>
    public static async Task<CorpusComparison> RunAsync(
        HttpClient reference, HttpClient nines, List<CorpusCase> cases, Func<string, string> expand, long startMs, long endMs, string defaultStep, long instantMs)
    {
        var run = new CorpusComparison { Queries = cases.Count };
        var timer = Stopwatch.StartNew();
        foreach (var c in cases)
        {
            var query = expand(c.Query);
            var step = c.Step ?? defaultStep;
            var ordered = query.StartsWith("sort", StringComparison.Ordinal);

            var rangeReference = await RangeAnswer.QueryAsync(reference, query, startMs, endMs, step);
            var rangeNines = await RangeAnswer.QueryAsync(nines, query, startMs, endMs, step);
            if (rangeReference.Succeeded == c.ShouldFail)
            {
                run.CorpusErrors.Add($"- CORPUS `{query}`: Prometheus {(rangeReference.Succeeded ? "succeeded" : "failed: " + rangeReference.Error)} although should_fail={c.ShouldFail}");
            }

            var instantReference = await RangeAnswer.InstantAsync(reference, query, instantMs);
            var instantNines = await RangeAnswer.InstantAsync(nines, query, instantMs);
            foreach (var (mode, expected, actual) in new[] { ("range", rangeReference, rangeNines), ("instant", instantReference, instantNines) })
            {
                // An instant answer keeps the engine's order only after sort and sort_desc.
                run.Check(mode, query, expected, actual, ordered && mode == "instant");
            }
        }

        run.Elapsed = timer.Elapsed;
        return run;
    }

    /// <summary>The report: a title, the tally and every difference.</summary>
    public string Report(string title) =>
        new StringBuilder()
            .AppendLine("# " + title)
            .AppendLine()
            .AppendLine($"{Passed} of {Checks} answers match ({Queries} queries, each as a range and an instant query; {FailingInReference} answers are errors in Prometheus, compared by status, errorType and text).")
            .AppendLine($"{NonEmptyInReference} Prometheus answers have series, {HistogramsInReference} of them native histograms; {Elapsed.TotalSeconds:F1} s for all queries.")
            .AppendLine()
            .AppendLine("## Differences")
            .AppendLine()
            .AppendJoin(Environment.NewLine, CorpusErrors.Concat(Differences).Concat(ServerErrors.Select(e => "- 5xx: " + e)))
            .AppendLine()
            .ToString();

    private void Check(string mode, string query, RangeAnswer reference, RangeAnswer nines, bool ordered)
    {
        Checks++;
        if (nines.Status >= 500 && reference.Status < 500)
        {
            ServerErrors.Add($"{mode} `{query}`: {nines.Status} {nines.Error}");
        }

        if (reference.Succeeded && reference.Series.Count > 0)
        {
            NonEmptyInReference++;
            HistogramsInReference += reference.Histograms.Count > 0 ? 1 : 0;
        }

        string? difference;
        if (!reference.Succeeded)
        {
            FailingInReference++;
            difference = ResultComparer.CompareErrors(reference, nines);
        }
        else if (!nines.Succeeded)
        {
            difference = $"Nines failed ({nines.Status} {nines.ErrorType}: {nines.Error})";
        }
        else
        {
            difference = ResultComparer.Compare(reference, nines, ordered);
        }

        if (difference is null)
        {
            Passed++;
        }
        else
        {
            Differences.Add($"- {mode} `{query}`: {difference}");
        }
    }
}
