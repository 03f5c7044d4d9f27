using System.Text.Json;
using Xunit.Abstractions;

namespace Nines.Compat.Tests;

/// <summary>
/// <c>/api/v1/status/tsdb</c> over the generator's data, which sits in both heads: Nines ranks
/// metrics by series as Prometheus 2.42 does and counts the same series and label pairs.
/// </summary>
[Collection(CompatCollection.Name)]
public sealed class TsdbStatusCompatTests(CompatFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task TsdbStatus_SameHeadCountsAndMetricRankingAsPrometheus()
    {
        var expected = await DataAsync(fixture.Prometheus.Client);
        var actual = await DataAsync(fixture.NinesClient);

        foreach (var field in new[] { "numSeries", "numLabelPairs" })
        {
            Assert.Equal(expected.GetProperty("headStats").GetProperty(field).GetInt64(), actual.GetProperty("headStats").GetProperty(field).GetInt64());
        }

        var reference = Rows(expected, "seriesCountByMetricName");
        var nines = Rows(actual, "seriesCountByMetricName");
        output.WriteLine("prometheus " + string.Join(", ", reference) + "\nnines      " + string.Join(", ", nines));
        Assert.Equal(10, nines.Count);
        Assert.Equal(reference.Select(r => r.Value), nines.Select(r => r.Value));

        // Prometheus' heap leaves ties in no order: above the last row's count the rows are the same
        // set; a tie at the cut may keep different metrics of that count.
        var cut = reference[^1].Value;
        Assert.Equal(reference.Where(r => r.Value > cut).ToHashSet(), nines.Where(r => r.Value > cut).ToHashSet());
    }

    private static async Task<JsonElement> DataAsync(HttpClient client)
    {
        using var response = await client.GetAsync("api/v1/status/tsdb");
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("data").Clone();
    }

    private static List<(string Name, long Value)> Rows(JsonElement data, string table) =>
        data.GetProperty(table).EnumerateArray().Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("value").GetInt64())).ToList();
}
