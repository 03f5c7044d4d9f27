namespace Nines.Ingest.Pipeline;

/// <summary>
/// A token bucket that may go into debt: a request is let through when the bucket holds at least
/// min(its size, the burst), and then takes its full size. So a request larger than the burst is
/// never starved, yet the long-run rate never exceeds the limit — the debt is paid off before the
/// next request passes. Time comes from the caller (a <see cref="TimeProvider"/> timestamp).
/// </summary>
internal sealed class TokenBucket
{
    private readonly Lock _sync = new();
    private double _tokens;
    private long _last;
    private double _rate;
    private double _burst;

    public TokenBucket(double rate, double burst, long now)
    {
        _rate = rate;
        _burst = burst;
        _tokens = burst;
        _last = now;
    }

    /// <summary>Takes <paramref name="count"/> tokens, or says how long until the request would pass.</summary>
    public bool TryTake(long count, double rate, double burst, long now, long ticksPerSecond, out TimeSpan retryAfter)
    {
        lock (_sync)
        {
            if (rate != _rate || burst != _burst)
            {
                // The limit was changed: keep the level, capped at the new burst.
                _rate = rate;
                _burst = burst;
                _tokens = Math.Min(_tokens, burst);
            }

            var elapsed = (double)(now - _last) / ticksPerSecond;
            _last = now;
            _tokens = Math.Min(_burst, _tokens + (elapsed * _rate));
            var needed = Math.Min(count, _burst);
            if (_tokens >= needed)
            {
                _tokens -= count;
                retryAfter = TimeSpan.Zero;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds((needed - _tokens) / _rate);
            return false;
        }
    }
}
