using System.Net;
using Google.Protobuf;
using Nines.Compat.Tests.ClientModel;

namespace Nines.Compat.Tests;

/// <summary>
/// A scrape target serving <see cref="NativeHistogramGenerator"/> in the Prometheus protobuf
/// exposition format (varint-delimited <c>io.prometheus.client.MetricFamily</c> messages), the only
/// format in which Prometheus 2.42 accepts native histograms. Every sample carries its step's
/// timestamp (5 s apart, starting a little after the first scrape). Each scrape brings one more step
/// and repeats the previous <see cref="Window"/> - 1, so a scrape Prometheus gives up on loses no
/// data: what it already holds is dropped as out-of-order or duplicate, and samples with explicit
/// timestamps get no staleness markers.
/// </summary>
internal sealed class NativeHistogramTarget : ScrapeTarget
{
    /// <summary>The exposition format's content type (prometheus/common expfmt, ProtoFmt).</summary>
    public const string ContentType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    /// <summary>Steps served by every scrape.</summary>
    public const int Window = 20;

    // Prometheus' remote write sends only samples newer than its start (the WAL watcher skips
    // older ones), and its scraper refuses float samples more than 10 minutes ahead: the timeline
    // starts just after the first scrape and ends about 8 minutes later.
    private const int LeadMs = 5_000;

    private readonly List<List<MetricFamily>> _steps = [];
    private NativeHistogramGenerator? _generator;
    private string? _firstAccept;

    /// <summary>The data served, from the first scrape on.</summary>
    public NativeHistogramGenerator? Generator => Volatile.Read(ref _generator);

    /// <summary>The Accept header of the first scrape (protobuf must be offered for native histograms).</summary>
    public string? FirstAccept => Volatile.Read(ref _firstAccept);

    protected override (string ContentType, ReadOnlyMemory<byte> Body) Respond(int scrape, HttpListenerRequest request)
    {
        Interlocked.CompareExchange(ref _firstAccept, request.Headers["Accept"] ?? "", null);
        var generator = _generator ??= new NativeHistogramGenerator(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() + LeadMs);
        if (_steps.Count < NativeHistogramGenerator.Steps)
        {
            _steps.Add(generator.Scrape(_steps.Count));
        }

        using var body = new MemoryStream();
        for (var step = Math.Max(0, _steps.Count - Window); step < _steps.Count; step++)
        {
            foreach (var family in _steps[step])
            {
                family.WriteDelimitedTo(body);
            }
        }

        return (ContentType, body.ToArray());
    }
}
