namespace Nines.Testing.Peers;

/// <summary>
/// A tenant whose label exploded, for the cardinality report's tests: 3 <c>up</c> series, and 40
/// <c>http_requests_total</c> series with a unique <c>request_id</c> each (status 200 on 30, 500 on 10).
/// </summary>
public static class CardinalityWorkload
{
    public const int Series = 43;

    public const int ExplodedSeries = 40;

    public static RemoteWritePayload Payload(long timestampMs)
    {
        var payload = new RemoteWritePayload();
        for (var i = 0; i < 3; i++)
        {
            payload.Add(["__name__", "up", "job", "api", "instance", "host-" + i], timestampMs, 1);
        }

        for (var i = 0; i < ExplodedSeries; i++)
        {
            payload.Add(["__name__", "http_requests_total", "job", "api", "status", i % 4 == 0 ? "500" : "200", "request_id", "req-" + i], timestampMs, i);
        }

        return payload;
    }

    /// <summary>Sends <see cref="Payload"/> (now) through remote write with <paramref name="sender"/>, an ingest-enabled client; throws unless 2xx.</summary>
    public static Task WriteAsync(HttpClient sender) =>
        RemoteWritePayload.SendAsync(sender, new Uri("/api/v1/write", UriKind.Relative), Payload(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).Encode());
}
