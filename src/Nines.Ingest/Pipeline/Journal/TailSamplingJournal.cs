using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Nines.Events;

namespace Nines.Ingest.Pipeline.Journal;

/// <summary>
/// Makes spans held by tail sampling survive a crash: a request's held spans are written and
/// fsynced here (group commit) before the request is acknowledged, and each trace is marked
/// resolved once it is stored (kept) or dropped (counted). At start, every span journaled after
/// its trace's last resolution is handed back to be held again, so <c>kill -9</c> loses nothing that
/// was acknowledged (a trace stored just before the crash, whose mark did not reach the disk, may be
/// stored twice: at least once, never zero times). Segments are deleted oldest first once every
/// span in them is resolved, so a resolution mark never disappears before the spans it resolves.
/// Field owners: <c>_file</c> and <c>_bytes</c> belong to the writer loop; segments and the
/// unresolved map are guarded by <c>_gate</c>.
/// </summary>
internal sealed partial class TailSamplingJournal : IAsyncDisposable
{
    private const string Extension = ".journal";
    private const int MaxGroup = 512;

    private readonly string _directory;
    private readonly long _segmentBytes;
    private readonly ILogger _logger;
    private readonly Channel<Entry> _queue = Channel.CreateUnbounded<Entry>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly List<JournalSegment> _segments = [];
    private readonly Dictionary<(string Tenant, string TraceId), List<JournalSegment>> _unresolved = [];
    private FileStream? _file;
    private long _bytes;
    private Task _loop = Task.CompletedTask;
    private volatile Exception? _fault;
    private int _disposed;

    public TailSamplingJournal(string directory, ILogger logger, long segmentBytes = 16 << 20)
    {
        _directory = directory;
        _segmentBytes = segmentBytes;
        _logger = logger;
    }

    /// <summary>Journal files on disk (the open one included).</summary>
    public int SegmentCount
    {
        get
        {
            lock (_gate)
            {
                return _segments.Count;
            }
        }
    }

    /// <summary>Traces with journaled spans not yet resolved.</summary>
    public int UnresolvedTraces
    {
        get
        {
            lock (_gate)
            {
                return _unresolved.Count;
            }
        }
    }

    /// <summary>
    /// Reads the journal left by the last run and returns the spans still unresolved, per tenant and
    /// in journal order; they are journaled again in a fresh segment (the old ones are deleted), so
    /// the caller holds (or stores) them and resolves their traces as usual. Starts the writer.
    /// </summary>
    public IReadOnlyList<(string Tenant, List<SpanRecord> Spans)> Open()
    {
        Directory.CreateDirectory(_directory);
        var old = Directory.GetFiles(_directory, "*" + Extension)
            .Select(p => (Path: p, Index: int.TryParse(Path.GetFileNameWithoutExtension(p), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1))
            .Where(s => s.Index >= 0)
            .OrderBy(s => s.Index)
            .ToList();
        var pending = new Dictionary<(string Tenant, string TraceId), List<SpanRecord>>();
        foreach (var (path, _) in old)
        {
            var data = File.ReadAllBytes(path);
            var offset = 0;
            while (JournalFormat.TryRead(data, ref offset, out var kind, out var tenant, out var spans, out var traceId))
            {
                if (kind == JournalFormat.Resolved)
                {
                    pending.Remove((tenant, traceId!));
                    continue;
                }

                foreach (var span in spans!)
                {
                    if (!pending.TryGetValue((tenant, span.TraceId), out var list))
                    {
                        pending[(tenant, span.TraceId)] = list = [];
                    }

                    list.Add(span);
                }
            }

            if (offset != data.Length)
            {
                Log.Truncated(_logger, path, offset, data.Length);
            }
        }

        var result = pending.GroupBy(p => p.Key.Tenant, StringComparer.Ordinal)
            .Select(g => (g.Key, g.SelectMany(p => p.Value).ToList()))
            .ToList();
        OpenSegment(old.Count == 0 ? 1 : old[^1].Index + 1);
        foreach (var (tenant, spans) in result)
        {
            var frame = JournalFormat.FrameHeld(tenant, spans);
            _file!.Write(frame);
            _bytes += frame.Length;
            lock (_gate)
            {
                Track(tenant, spans);
            }
        }

        _file!.Flush(flushToDisk: true);
        foreach (var (path, _) in old)
        {
            File.Delete(path);
        }

        if (result.Count > 0)
        {
            Log.Replayed(_logger, result.Sum(r => r.Item2.Count), old.Count);
        }

        _loop = Task.Run(LoopAsync);
        return result;
    }

    /// <summary>Journals a request's held spans; returns once they are on disk.</summary>
    /// <exception cref="IOException">The journal cannot be written; the spans must not be acknowledged.</exception>
    public async ValueTask AppendHeldAsync(string tenant, IReadOnlyList<SpanRecord> spans, CancellationToken cancellationToken)
    {
        if (_fault is { } fault)
        {
            throw new IOException("The tail-sampling journal failed earlier; held spans cannot be made durable.", fault);
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Entry(JournalFormat.FrameHeld(tenant, spans), tenant, spans, null, done)))
        {
            throw new ObjectDisposedException(nameof(TailSamplingJournal));
        }

        await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks every span of the trace journaled so far as stored or dropped. Never blocks.</summary>
    public void Resolve(string tenant, string traceId) =>
        _queue.Writer.TryWrite(new Entry(JournalFormat.FrameResolved(tenant, traceId), tenant, null, traceId, null));

    /// <summary>Writes what is queued and stops; deletes the journal when nothing is left unresolved. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (_file is { } file)
        {
            await file.DisposeAsync().ConfigureAwait(false);
        }

        lock (_gate)
        {
            if (_unresolved.Count == 0 && _fault is null)
            {
                foreach (var s in _segments)
                {
                    File.Delete(s.Path);
                }

                _segments.Clear();
            }
        }
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var waiters = new List<TaskCompletionSource>(MaxGroup);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            waiters.Clear();
            try
            {
                while (waiters.Count < MaxGroup && reader.TryRead(out var entry))
                {
                    if (_fault is not null)
                    {
                        entry.Done?.TrySetException(new IOException("The tail-sampling journal failed earlier.", _fault));
                        continue;
                    }

                    _file!.Write(entry.Frame);
                    _bytes += entry.Frame.Length;
                    if (entry.Spans is { } spans)
                    {
                        lock (_gate)
                        {
                            Track(entry.Tenant, spans);
                        }
                    }
                    else
                    {
                        Untrack(entry.Tenant, entry.TraceId!);
                    }

                    if (entry.Done is { } done)
                    {
                        waiters.Add(done);
                    }
                }

                // Resolution marks alone need no fsync: losing one only replays (and re-stores) a trace.
                _file!.Flush(flushToDisk: waiters.Count > 0);
                if (_bytes >= _segmentBytes)
                {
                    Rotate();
                }

                DeleteResolved();
                foreach (var w in waiters)
                {
                    w.TrySetResult();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _fault = e;
                Log.Failed(_logger, e);
                foreach (var w in waiters)
                {
                    w.TrySetException(new IOException("The tail-sampling journal could not be written.", e));
                }
            }
        }
    }

    // Under _gate: one entry per trace of the record, in the segment being written.
    private void Track(string tenant, IReadOnlyList<SpanRecord> spans)
    {
        var segment = _segments[^1];
        string? previous = null;
        foreach (var span in spans)
        {
            if (span.TraceId == previous)
            {
                continue;
            }

            previous = span.TraceId;
            if (!_unresolved.TryGetValue((tenant, span.TraceId), out var list))
            {
                _unresolved[(tenant, span.TraceId)] = list = [];
            }

            if (list.Count == 0 || list[^1] != segment)
            {
                list.Add(segment);
                segment.Unresolved++;
            }
        }
    }

    private void Untrack(string tenant, string traceId)
    {
        lock (_gate)
        {
            if (_unresolved.Remove((tenant, traceId), out var list))
            {
                foreach (var segment in list)
                {
                    segment.Unresolved--;
                }
            }
        }
    }

    private void Rotate()
    {
        _file!.Flush(flushToDisk: true);
        _file.Dispose();
        lock (_gate)
        {
            _segments[^1].Closed = true;
        }

        OpenSegment(_segments[^1].Index + 1);
    }

    private void DeleteResolved()
    {
        lock (_gate)
        {
            while (_segments.Count > 1 && _segments[0].Closed && _segments[0].Unresolved == 0)
            {
                File.Delete(_segments[0].Path);
                _segments.RemoveAt(0);
            }
        }
    }

    private void OpenSegment(int index)
    {
        var path = Path.Combine(_directory, index.ToString("D8", CultureInfo.InvariantCulture) + Extension);
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024);
        _bytes = _file.Length;
        lock (_gate)
        {
            _segments.Add(new JournalSegment(index, path));
        }
    }

    private sealed record Entry(byte[] Frame, string Tenant, IReadOnlyList<SpanRecord>? Spans, string? TraceId, TaskCompletionSource? Done);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Tail sampling: {Spans} held spans from the last run were recovered from {Segments} journal segment(s) and are held again.")]
        public static partial void Replayed(ILogger logger, int spans, int segments);

        [LoggerMessage(2, LogLevel.Warning, "Tail-sampling journal {Path}: reading stopped at byte {Offset} of {Length} (a record torn by a crash, or corrupt); the records before it were recovered.")]
        public static partial void Truncated(ILogger logger, string path, int offset, int length);

        [LoggerMessage(3, LogLevel.Error, "The tail-sampling journal could not be written; traced requests are refused until restart.")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
