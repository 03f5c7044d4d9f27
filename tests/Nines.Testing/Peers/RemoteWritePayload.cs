using Google.Protobuf;
using Nines.Ingest.Tests.Reference.V1;
using Snappier;

namespace Nines.Testing.Peers;

/// <summary>
/// Builds Prometheus remote write 1.0 requests (protobuf, snappy block-compressed): the same
/// bytes go to every receiver in a differential test.
/// </summary>
public sealed class RemoteWritePayload
{
    /// <summary>The bit pattern Prometheus uses for a staleness marker (value.StaleNaN).</summary>
    public static readonly double StaleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);

    private readonly WriteRequest _request = new();
    private readonly Dictionary<string, TimeSeries> _byKey = new(StringComparer.Ordinal);

    /// <summary>Number of samples added.</summary>
    public int SampleCount { get; private set; }

    /// <summary>Adds a sample; <paramref name="labels"/> alternate names and values (any order).</summary>
    public RemoteWritePayload Add(IReadOnlyList<string> labels, long timestampMs, double value)
    {
        var key = string.Join('\xff', labels);
        if (!_byKey.TryGetValue(key, out var series))
        {
            series = NewSeries(labels);
            _byKey[key] = series;
            _request.Timeseries.Add(series);
        }

        series.Samples.Add(new Sample { Timestamp = timestampMs, Value = value });
        SampleCount++;
        return this;
    }

    /// <summary>
    /// Adds an exemplar to a series of its own (as Prometheus' queue manager sends them);
    /// <paramref name="exemplarLabels"/> alternate names and values.
    /// </summary>
    public RemoteWritePayload AddExemplar(IReadOnlyList<string> labels, IReadOnlyList<string> exemplarLabels, long timestampMs, double value)
    {
        var series = NewSeries(labels);
        var exemplar = new Exemplar { Timestamp = timestampMs, Value = value };
        for (var i = 0; i < exemplarLabels.Count; i += 2)
        {
            exemplar.Labels.Add(new Label { Name = exemplarLabels[i], Value = exemplarLabels[i + 1] });
        }

        series.Exemplars.Add(exemplar);
        _request.Timeseries.Add(series);
        return this;
    }

    private static TimeSeries NewSeries(IReadOnlyList<string> labels)
    {
        var series = new TimeSeries();
        var pairs = new List<(string Name, string Value)>();
        for (var i = 0; i < labels.Count; i += 2)
        {
            pairs.Add((labels[i], labels[i + 1]));
        }

        // Remote write requires labels sorted by name.
        pairs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var (name, v) in pairs)
        {
            series.Labels.Add(new Label { Name = name, Value = v });
        }

        return series;
    }

    /// <summary>The snappy-compressed protobuf body.</summary>
    public byte[] Encode() => Snappy.CompressToArray(_request.ToByteArray());

    /// <summary>POSTs <paramref name="body"/> as remote write 1.0; throws unless 2xx.</summary>
    public static async Task SendAsync(HttpClient client, Uri url, byte[] body, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("snappy");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"remote write to {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }
}
