using System.Net;
using System.Text;
using Nines.Ingest.Scrape;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Tests.Scrape;

/// <summary>Records what scrape loops store.</summary>
internal sealed class RecordingSink : IScrapeSink
{
    private readonly Lock _sync = new();

    public List<(string Tenant, ScrapeSample Sample)> Samples { get; } = [];

    public int Appends { get; private set; }

    public ValueTask AppendAsync(string tenant, IReadOnlyList<ScrapeSample> samples, CancellationToken cancellationToken)
    {
        lock (_sync)
        {
            Appends++;
            foreach (var s in samples)
            {
                Samples.Add((tenant, s));
            }
        }

        return ValueTask.CompletedTask;
    }

    public List<ScrapeSample> Named(string name)
    {
        lock (_sync)
        {
            return [.. Samples.Select(s => s.Sample).Where(s => s.Labels.MetricName == name)];
        }
    }
}

/// <summary>A target that answers with a body chosen by the test, and remembers the requests.</summary>
internal sealed class FakeTarget : HttpMessageHandler
{
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Respond { get; set; } =
        (_, _) => Task.FromResult(Text("up_metric 1\n"));

    public List<HttpRequestMessage> Requests { get; } = [];

    public static HttpResponseMessage Text(string body, string contentType = "text/plain; version=0.0.4")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        return Respond(request, cancellationToken);
    }
}

internal static class ScrapeFormat
{
    /// <summary>name{a="b",c="d"} with labels sorted; the values are not escaped (tests avoid special characters).</summary>
    public static string Series(LabelSet labels)
    {
        var parts = new List<string>();
        foreach (var l in labels)
        {
            if (l.Name != "__name__")
            {
                parts.Add($"{l.Name}=\"{l.Value}\"");
            }
        }

        return labels.MetricName + (parts.Count > 0 ? "{" + string.Join(",", parts) + "}" : "");
    }

    public static bool IsStale(double v) => BitConverter.DoubleToUInt64Bits(v) == 0x7ff0000000000002UL;
}
