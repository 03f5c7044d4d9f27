using Nines.Events;

namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>
/// Holds the spans of each trace for <see cref="TailSamplingOptions.DecisionWait"/> after its first
/// span, then keeps the whole trace if a span failed, if it was slow, or with a probability, and
/// hands kept traces to <c>onKept</c>. Memory is bounded: past <see cref="TailSamplingOptions.MaxTraces"/>
/// or <see cref="TailSamplingOptions.MaxSpans"/> the oldest traces are decided early rather than
/// held longer or refused. Every trace decided is counted under the policy that kept it or as
/// dropped, so nothing disappears unseen.
/// </summary>
/// <remarks>
/// Spans arriving after their trace was decided follow that decision (the last
/// <see cref="TailSamplingOptions.MaxTraces"/> decisions are remembered). <c>onKept</c> runs outside the
/// lock, on the adding thread or the timer's; it must be quick and must not throw (hand the batch to a
/// bounded channel).
/// </remarks>
internal sealed class TailSampler : IDisposable
{
    /// <summary>OTLP <c>STATUS_CODE_ERROR</c>.</summary>
    public const int ErrorStatus = 2;

    private readonly TailSamplingOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<IReadOnlyList<SpanRecord>> _onKept;
    private readonly Action<string>? _onDropped;
    private readonly long _waitTicks;
    private readonly long _slowNanos;
    private readonly ITimer _timer;

    // Everything below is guarded by _gate.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, PendingTrace> _pending = new(StringComparer.Ordinal);
    private readonly Queue<(string TraceId, long Deadline)> _order = new();
    private readonly Dictionary<string, bool> _decided = new(StringComparer.Ordinal);
    private readonly Queue<string> _decidedOrder = new();
    private int _spans;
    private List<string>? _droppedIds;

    private long _keptError;
    private long _keptSlow;
    private long _keptProbabilistic;
    private long _dropped;
    private long _droppedSpans;
    private long _decidedEarly;
    private long _lateSpansKept;

    /// <param name="options">Wait, limits and probability.</param>
    /// <param name="time">The clock.</param>
    /// <param name="onKept">Receives each kept trace's spans (and late spans of kept traces).</param>
    /// <param name="onDropped">Receives the id of each dropped trace, and again for each late span of one (the journal resolves them).</param>
    public TailSampler(TailSamplingOptions options, TimeProvider time, Action<IReadOnlyList<SpanRecord>> onKept, Action<string>? onDropped = null)
    {
        options.Validate();
        _options = options;
        _time = time;
        _onKept = onKept;
        _onDropped = onDropped;
        _waitTicks = (long)(options.DecisionWait.TotalSeconds * time.TimestampFrequency);
        _slowNanos = options.SlowThreshold.Ticks * 100;
        _timer = time.CreateTimer(static state => ((TailSampler)state!).DecideDue(), this, options.TickInterval, options.TickInterval);
    }

    /// <summary>Traces kept because a span had error status.</summary>
    public long KeptError => Interlocked.Read(ref _keptError);

    /// <summary>Traces kept because the root (or longest) span reached the slow threshold.</summary>
    public long KeptSlow => Interlocked.Read(ref _keptSlow);

    /// <summary>Fast, successful traces kept by the probability.</summary>
    public long KeptProbabilistic => Interlocked.Read(ref _keptProbabilistic);

    /// <summary>Traces dropped.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Spans dropped, those of dropped traces and late ones of dropped traces.</summary>
    public long DroppedSpans => Interlocked.Read(ref _droppedSpans);

    /// <summary>Traces decided before their wait was over because the holding limits were reached.</summary>
    public long DecidedEarly => Interlocked.Read(ref _decidedEarly);

    /// <summary>Spans that arrived after their trace was kept and were passed on at once.</summary>
    public long LateSpansKept => Interlocked.Read(ref _lateSpansKept);

    /// <summary>Traces currently held.</summary>
    public int PendingTraces
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public void Add(SpanRecord span)
    {
        List<IReadOnlyList<SpanRecord>>? kept = null;
        lock (_gate)
        {
            if (_decided.TryGetValue(span.TraceId, out var wasKept))
            {
                if (wasKept)
                {
                    Interlocked.Increment(ref _lateSpansKept);
                    kept = [new[] { span }];
                }
                else
                {
                    Interlocked.Increment(ref _droppedSpans);
                    NoteDropped(span.TraceId);
                }
            }
            else
            {
                if (!_pending.TryGetValue(span.TraceId, out var trace))
                {
                    while (_pending.Count >= _options.MaxTraces)
                    {
                        DecideOldest(ref kept, early: true);
                    }

                    var deadline = _time.GetTimestamp() + _waitTicks;
                    trace = new PendingTrace(deadline);
                    _pending.Add(span.TraceId, trace);
                    _order.Enqueue((span.TraceId, deadline));
                }

                trace.Spans.Add(span);
                _spans++;
                while (_spans > _options.MaxSpans && _pending.Count > 0)
                {
                    DecideOldest(ref kept, early: true);
                }
            }
        }

        Emit(kept);
    }

    /// <summary>Decides every trace whose wait is over; the timer calls this each tick.</summary>
    public int DecideDue()
    {
        List<IReadOnlyList<SpanRecord>>? kept = null;
        var decided = 0;
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            while (_order.TryPeek(out var next) && next.Deadline <= now)
            {
                _order.Dequeue();
                if (_pending.TryGetValue(next.TraceId, out var trace) && trace.Deadline == next.Deadline)
                {
                    Decide(next.TraceId, trace, ref kept);
                    decided++;
                }
            }
        }

        Emit(kept);
        return decided;
    }

    /// <summary>Decides every held trace now (at shutdown).</summary>
    public void DecideAll()
    {
        List<IReadOnlyList<SpanRecord>>? kept = null;
        lock (_gate)
        {
            while (_pending.Count > 0)
            {
                DecideOldest(ref kept, early: false);
            }
        }

        Emit(kept);
    }

    public void Dispose() => _timer.Dispose();

    private void DecideOldest(ref List<IReadOnlyList<SpanRecord>>? kept, bool early)
    {
        while (_order.TryDequeue(out var next))
        {
            // Entries of traces already decided early are stale; skip them.
            if (_pending.TryGetValue(next.TraceId, out var trace) && trace.Deadline == next.Deadline)
            {
                if (early)
                {
                    Interlocked.Increment(ref _decidedEarly);
                }

                Decide(next.TraceId, trace, ref kept);
                return;
            }
        }
    }

    private void Decide(string traceId, PendingTrace trace, ref List<IReadOnlyList<SpanRecord>>? kept)
    {
        _pending.Remove(traceId);
        _spans -= trace.Spans.Count;
        var keep = true;
        if (HasError(trace.Spans))
        {
            Interlocked.Increment(ref _keptError);
        }
        else if (Duration(trace.Spans) >= _slowNanos)
        {
            Interlocked.Increment(ref _keptSlow);
        }
        else if (TraceIdRatio.ShouldKeep(traceId, _options.Probability))
        {
            Interlocked.Increment(ref _keptProbabilistic);
        }
        else
        {
            keep = false;
            Interlocked.Increment(ref _dropped);
            Interlocked.Add(ref _droppedSpans, trace.Spans.Count);
            NoteDropped(traceId);
        }

        if (keep)
        {
            (kept ??= []).Add(trace.Spans);
        }

        Remember(traceId, keep);
    }

    private void Remember(string traceId, bool keep)
    {
        if (_decided.Count >= _options.MaxTraces && _decidedOrder.TryDequeue(out var oldest))
        {
            _decided.Remove(oldest);
        }

        _decided[traceId] = keep;
        _decidedOrder.Enqueue(traceId);
    }

    private static bool HasError(List<SpanRecord> spans)
    {
        foreach (var span in spans)
        {
            if (span.StatusCode == ErrorStatus)
            {
                return true;
            }
        }

        return false;
    }

    // The root span measures what the user waited for; without it (not arrived yet, or lost)
    // the longest span is the best lower bound.
    private static long Duration(List<SpanRecord> spans)
    {
        long longest = 0;
        foreach (var span in spans)
        {
            if (string.IsNullOrEmpty(span.ParentSpanId))
            {
                return span.DurationNano;
            }

            longest = Math.Max(longest, span.DurationNano);
        }

        return longest;
    }

    // Under _gate.
    private void NoteDropped(string traceId)
    {
        if (_onDropped is not null)
        {
            (_droppedIds ??= []).Add(traceId);
        }
    }

    private void Emit(List<IReadOnlyList<SpanRecord>>? kept)
    {
        if (kept is not null)
        {
            foreach (var trace in kept)
            {
                _onKept(trace);
            }
        }

        if (_onDropped is not null)
        {
            List<string>? ids;
            lock (_gate)
            {
                ids = _droppedIds;
                _droppedIds = null;
            }

            foreach (var id in ids ?? [])
            {
                _onDropped(id);
            }
        }
    }
}
