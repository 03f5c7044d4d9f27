using System.Collections.Concurrent;

namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>
/// Keeps every log record at or above the keep-all severity (WARN by default); samples the rest per
/// service by ratio and caps them per second. Counts what it kept and why it dropped the rest.
/// </summary>
/// <remarks>
/// A record with a trace id is kept by the trace-id rule (<see cref="TraceIdRatio"/>), so the logs of a
/// trace are kept together and alongside a head-sampled trace at the same probability. Without one,
/// the ratio is exact and deterministic (every 1/ratio-th record), which a test can check and a
/// user can reason about. Severity 0 (unspecified) is sampled like INFO.
/// </remarks>
internal sealed class LogSampler
{
    private readonly LogSamplingOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, LogServiceState> _states = new(StringComparer.Ordinal);
    private long _kept;
    private long _droppedRatio;
    private long _droppedRate;

    public LogSampler(LogSamplingOptions options, TimeProvider time)
    {
        options.Validate();
        _options = options;
        _time = time;
    }

    public long Kept => Interlocked.Read(ref _kept);

    /// <summary>Dropped by the ratio.</summary>
    public long DroppedRatio => Interlocked.Read(ref _droppedRatio);

    /// <summary>Dropped by the per-second cap.</summary>
    public long DroppedRate => Interlocked.Read(ref _droppedRate);

    /// <summary>True when no record can be dropped (the defaults): the ingest path then skips sampling entirely.</summary>
    public bool KeepsAll => _options.Default.Ratio >= 1 && _options.Default.MaxPerSecond == 0 && _options.Services.Count == 0;

    public bool ShouldKeep(string service, int severityNumber, ReadOnlySpan<char> traceIdHex) =>
        Decide(service, severityNumber, traceIdHex) == LogDecision.Kept;

    /// <summary>Whether the record is kept, or which rule dropped it (so the ingest path can count drops per tenant and reason).</summary>
    public LogDecision Decide(string service, int severityNumber, ReadOnlySpan<char> traceIdHex)
    {
        if (severityNumber >= _options.KeepAllFromSeverity)
        {
            Interlocked.Increment(ref _kept);
            return LogDecision.Kept;
        }

        var state = _states.GetOrAdd(service, static (name, options) =>
            new LogServiceState(options.Services.TryGetValue(name, out var rule) ? rule : options.Default), _options);
        var rule = state.Rule;
        if (rule.Ratio >= 1 && rule.MaxPerSecond == 0)
        {
            Interlocked.Increment(ref _kept);
            return LogDecision.Kept;
        }

        lock (state)
        {
            bool sampled;
            if (traceIdHex.Length == 32)
            {
                sampled = TraceIdRatio.ShouldKeep(traceIdHex, rule.Ratio);
            }
            else
            {
                var n = ++state.Seen;
                sampled = Math.Floor(n * rule.Ratio) > Math.Floor((n - 1) * rule.Ratio);
            }

            if (!sampled)
            {
                Interlocked.Increment(ref _droppedRatio);
                return LogDecision.DroppedRatio;
            }

            if (rule.MaxPerSecond > 0)
            {
                var second = _time.GetUtcNow().ToUnixTimeSeconds();
                if (second != state.Window)
                {
                    state.Window = second;
                    state.InWindow = 0;
                }

                if (state.InWindow >= rule.MaxPerSecond)
                {
                    Interlocked.Increment(ref _droppedRate);
                    return LogDecision.DroppedRate;
                }

                state.InWindow++;
            }
        }

        Interlocked.Increment(ref _kept);
        return LogDecision.Kept;
    }
}
