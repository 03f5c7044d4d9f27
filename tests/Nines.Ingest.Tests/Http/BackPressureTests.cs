using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Nines.Events;
using Nines.Ingest.Http;
using Nines.Ingest.Otlp.Proto.Rpc;

namespace Nines.Ingest.Tests.Http;

public sealed class BackPressureTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nines-bp-" + Guid.NewGuid().ToString("N")[..12]);
    private EventStore _store = null!;

    public async Task InitializeAsync()
    {
        // Nothing is inserted for an hour, so pending bytes only grow: the second big request finds the store full.
        _store = new EventStore(_directory, new EventsOptions { MaxPendingBytes = 1024 * 1024, FlushInterval = TimeSpan.FromHours(1) });
        await _store.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task PostLogs_StoreSaturated_503WithRetryAfterAndJsonStatus()
    {
        var endpoint = new OtlpLogsEndpoint(new OtlpHttpEndpoint(new IngestOptions { RetryAfterSeconds = 7 }), new OtlpEventsWriter(_store, TimeProvider.System, Nines.Ingest.Tests.Pipeline.TestLimiter.Create(), new Nines.Ingest.Pipeline.IngestPipeline(new Nines.Ingest.Pipeline.IngestPipelineOptions(), TimeProvider.System)));
        var first = await PostAsync(endpoint);
        Assert.Equal(StatusCodes.Status200OK, first.Response.StatusCode);

        var second = await PostAsync(endpoint);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, second.Response.StatusCode);
        Assert.Equal("7", second.Response.Headers.RetryAfter.ToString());
        using var status = JsonDocument.Parse(((MemoryStream)second.Response.Body).ToArray());
        Assert.Equal(14, status.RootElement.GetProperty("code").GetInt32());
        await _store.FlushAsync();
        Assert.Single(await _store.FindLogsAsync(new LogQuery { Tenant = "default" }));
    }

    [Fact]
    public void Saturated_Grpc_UnavailableWithRetryInfoInTheRichErrorTrailer()
    {
        var e = OtlpGrpcErrors.Saturated("spans", 3);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        var details = Nines.Ingest.Otlp.Proto.Rpc.Status.Parser.ParseFrom(e.Trailers.GetValueBytes("grpc-status-details-bin"));
        Assert.Equal((int)StatusCode.Unavailable, details.Code);
        Assert.Equal(TimeSpan.FromSeconds(3), details.Details.Single().Unpack<RetryInfo>().RetryDelay.ToTimeSpan());
    }

    private static async Task<HttpContext> PostAsync(OtlpLogsEndpoint endpoint)
    {
        var line = new string('x', 700_000);
        var body = Encoding.UTF8.GetBytes($$$$"""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"{{{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000}}}}","body":{"stringValue":"{{{{line}}}}"}}]}]}]}""");
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = body.Length;
        context.Request.Body = new MemoryStream(body);
        context.Response.Body = new MemoryStream();
        await endpoint.HandleAsync(context);
        return context;
    }
}
