using Microsoft.Extensions.Logging.Abstractions;
using Nines.Events;
using Nines.Ingest.Pipeline.Journal;

namespace Nines.Ingest.Tests.Pipeline.Journal;

public sealed class TailSamplingJournalTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "nines-journal-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Open_AfterUnresolvedAppends_ReturnsTheSpansExactlyPerTenant()
    {
        var a = Span("a1", "s1", status: 2, attributes: "{\"http.route\":\"/pay\"}");
        var b = Span("b1", "s2", parent: "s1");
        await using (var sut = CreateSut())
        {
            Assert.Empty(sut.Open());
            await sut.AppendHeldAsync("team-a", [a], default);
            await sut.AppendHeldAsync("team-b", [b], default);
        }

        await using var reopened = CreateSut();
        var recovered = reopened.Open().OrderBy(r => r.Tenant).ToList();

        Assert.Equal(["team-a", "team-b"], recovered.Select(r => r.Tenant));
        Assert.Equal([a], recovered[0].Spans);
        Assert.Equal([b], recovered[1].Spans);
    }

    [Fact]
    public async Task Open_ResolvedTrace_NotReturned_ButItsLaterSpanIs()
    {
        await using (var sut = CreateSut())
        {
            sut.Open();
            await sut.AppendHeldAsync("t", [Span("kept", "s1"), Span("open", "s2")], default);
            sut.Resolve("t", "kept");
            await sut.AppendHeldAsync("t", [Span("kept", "late")], default);
        }

        await using var reopened = CreateSut();
        var spans = Assert.Single(reopened.Open()).Spans;

        Assert.Equal(["late", "s2"], spans.Select(s => s.SpanId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Open_TornLastRecord_RecoversEverythingBeforeIt()
    {
        await using (var sut = CreateSut())
        {
            sut.Open();
            await sut.AppendHeldAsync("t", [Span("t1", "s1")], default);
        }

        var file = Assert.Single(Directory.GetFiles(_directory));
        var whole = await File.ReadAllBytesAsync(file);
        await using (var second = CreateSut())
        {
            second.Open();
            await second.AppendHeldAsync("t", [Span("t2", "s2")], default);
        }

        // Cut the newest record in half, as a crash mid-write would.
        var newest = Assert.Single(Directory.GetFiles(_directory));
        var bytes = await File.ReadAllBytesAsync(newest);
        await File.WriteAllBytesAsync(newest, bytes[..(bytes.Length - 10)]);
        Assert.True(bytes.Length > whole.Length);

        await using var reopened = CreateSut();
        var spans = Assert.Single(reopened.Open()).Spans;

        Assert.Equal(["s1"], spans.Select(s => s.SpanId));
    }

    [Fact]
    public async Task Dispose_EverythingResolved_LeavesNoFile()
    {
        await using (var sut = CreateSut())
        {
            sut.Open();
            await sut.AppendHeldAsync("t", [Span("t1", "s1")], default);
            sut.Resolve("t", "t1");
        }

        Assert.Empty(Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task Append_ManyResolvedTraces_OldSegmentsDeletedOldestFirst()
    {
        await using var sut = CreateSut(segmentBytes: 512);
        sut.Open();
        await sut.AppendHeldAsync("t", [Span("pinned", "p")], default);
        for (var i = 0; i < 200; i++)
        {
            await sut.AppendHeldAsync("t", [Span("t" + i, "s" + i)], default);
            sut.Resolve("t", "t" + i);
        }

        // The unresolved first trace pins its segment and so every later one: segments go oldest first, so a resolution mark never outlives the spans it resolves.
        Assert.True(sut.SegmentCount > 10, $"{sut.SegmentCount} segments");
        sut.Resolve("t", "pinned");
        await sut.AppendHeldAsync("t", [Span("last", "l")], default);

        Assert.Equal(1, sut.UnresolvedTraces);
        Assert.True(sut.SegmentCount <= 2, $"{sut.SegmentCount} segments left");
    }

    private TailSamplingJournal CreateSut(long segmentBytes = 16 << 20) => new(_directory, NullLogger.Instance, segmentBytes);

    private static SpanRecord Span(string traceId, string spanId, string? parent = null, int status = 0, string? attributes = null) =>
        new(traceId, spanId, parent, "api", "GET /", 2, 1_000, 2_000, status, null, "scope", null, attributes, "{\"service.name\":\"api\"}", null, null);
}
