using System.Globalization;
using Xunit.Abstractions;

namespace Nines.Compat.Tests;

/// <summary>
/// Native histograms against the real thing: every query of Corpus/native-histograms.yml runs as a
/// range query and as an instant query against Prometheus 2.42, which scraped
/// <see cref="NativeHistogramTarget"/>, and against the Nines it remote-wrote the same samples to;
/// answers must match as in <see cref="NinesCorpusTests"/>, histogram samples included (count, sum
/// and every bucket). Every difference is listed in <c>native-histograms-compat-report.md</c>
/// beside the assembly.
/// </summary>
[Collection(NativeHistogramCollection.Name)]
public sealed class NativeHistogramCorpusTests(NativeHistogramFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Prometheus_ScrapesProtobuf_StoresNativeHistograms()
    {
        Assert.Contains("application/vnd.google.protobuf", fixture.Accept, StringComparison.Ordinal);
        // One histogram sample per served step and series: 121 for each of the four latency series.
        var answer = await RangeAnswer.InstantAsync(fixture.Prometheus.Client, "nhist_request_duration_seconds", fixture.Data.End);
        Assert.True(answer.Succeeded, answer.Body);
        Assert.Equal(4, answer.Histograms.Count);
        var window = (NativeHistogramGenerator.Steps * NativeHistogramGenerator.IntervalMs / 1000).ToString(CultureInfo.InvariantCulture);
        var counts = await RangeAnswer.InstantAsync(fixture.Prometheus.Client, $"count_over_time(nhist_request_duration_seconds[{window}s])", fixture.Data.End);
        Assert.All(counts.Series.Values, p => Assert.Equal(NativeHistogramGenerator.Steps, p[0].Value));
        // The gauge histogram's empty snapshots are histograms too, not absent samples.
        var queue = await RangeAnswer.InstantAsync(fixture.Prometheus.Client, $"count_over_time(nhist_queue_wait_seconds[{window}s])", fixture.Data.End);
        Assert.Equal(2, queue.Series.Count);
        Assert.All(queue.Series.Values, p => Assert.Equal(NativeHistogramGenerator.Steps, p[0].Value));
    }

    [Fact]
    public async Task Corpus_RangeAndInstantQueries_MatchPrometheus()
    {
        var data = fixture.Data;
        // A minute in, so 1m windows are full; a 7 s step does not divide the 5 s interval.
        var start = data.Start + 60_000;
        // Between two scrapes, so instant selectors look back rather than hit a sample exactly.
        var instant = data.End - 3_500;
        var cases = Corpus.Load(Path.Combine(AppContext.BaseDirectory, "Corpus", "native-histograms.yml"));

        var run = await CorpusComparison.RunAsync(fixture.Prometheus.Client, fixture.NinesClient, cases, Expand, start, data.End, "7s", instant);
        var report = run.Report("Native histograms: Nines vs Prometheus 2.42")
            + Environment.NewLine + $"Data scraped and remote-written in {fixture.LoadTime.TotalSeconds:F1} s."
            + (fixture.NinesCaughtUp ? "" : " Nines did not hold the last step's samples after a minute of waiting: remote write lost or rejected some.")
            + Environment.NewLine;
        var path = Path.Combine(AppContext.BaseDirectory, "native-histograms-compat-report.md");
        await File.WriteAllTextAsync(path, report);
        output.WriteLine(report);

        Assert.True(cases.Count >= 40, $"the corpus has {cases.Count} queries; at least 40 expected");
        Assert.Empty(run.CorpusErrors);
        // A harness whose Prometheus held no histograms would compare empty answers.
        Assert.True(run.HistogramsInReference >= cases.Count / 2, $"only {run.HistogramsInReference} Prometheus answers hold native histograms");
        Assert.True(run.ServerErrors.Count == 0, $"Nines answered 5xx where Prometheus did not: " + string.Join("; ", run.ServerErrors.Take(5)));
        // Recorded 2026-11-26 on a local merge of main (wt/hist-query), wt/hist-store and
        // wt/hist-ingest: all 214 answers of 107 queries match, so every one must.
        Assert.True(run.Passed == run.Checks, $"{run.Checks - run.Passed} of {run.Checks} answers differ from Prometheus:{Environment.NewLine}" + string.Join(Environment.NewLine, run.Differences.Take(10)) + $"{Environment.NewLine}… see {path}");
    }

    private string Expand(string query) => Corpus.FillTimes(query, fixture.Data.Start, fixture.Data.End);
}
