using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nines.Core.Security;

namespace Nines.Web.Security;

/// <summary>
/// Limits failed log-ins per client address and per user name: at most
/// <see cref="AuthOptions.LoginAttempts"/> in any <see cref="AuthOptions.LoginRateWindow"/>.
/// Checked before the password is verified, so a guesser can neither try many passwords nor make
/// the server spend its CPU on PBKDF2. In memory: each replica counts its own, which only makes
/// the limit per replica.
/// </summary>
internal sealed class LoginThrottle(TimeProvider time, IOptions<AuthOptions> options)
{
    private const int SweepThreshold = 1024;
    private const int MaxUserNameKeyLength = 128;

    private readonly ConcurrentDictionary<string, FailureWindow> _windows = new(StringComparer.Ordinal);
    private long _lastSweep;

    /// <summary>
    /// True when a log-in from <paramref name="client"/> as <paramref name="username"/> may be tried
    /// now; otherwise <paramref name="retryAfter"/> says how long until one may.
    /// </summary>
    public bool IsAllowed(string client, string username, out TimeSpan retryAfter)
    {
        var (limit, window) = Settings();
        if (limit <= 0)
        {
            retryAfter = TimeSpan.Zero;
            return true;
        }

        var now = time.GetUtcNow();
        var byClient = Wait(ClientKey(client), now, limit, window);
        var byUser = Wait(UserKey(username), now, limit, window);
        retryAfter = byClient > byUser ? byClient : byUser;
        return retryAfter <= TimeSpan.Zero;
    }

    /// <summary>Counts a failed log-in against the client address and the user name.</summary>
    public void RecordFailure(string client, string username)
    {
        var (limit, window) = Settings();
        if (limit <= 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        _windows.GetOrAdd(ClientKey(client), _ => new FailureWindow()).Add(now, window, limit);
        _windows.GetOrAdd(UserKey(username), _ => new FailureWindow()).Add(now, window, limit);
        SweepIfDue(now, window);
    }

    private (int Limit, TimeSpan Window) Settings() => (options.Value.LoginAttempts, options.Value.LoginRateWindow);

    private TimeSpan Wait(string key, DateTimeOffset now, int limit, TimeSpan window) =>
        _windows.TryGetValue(key, out var failures) ? failures.Wait(now, window, limit) : TimeSpan.Zero;

    private static string ClientKey(string client) => "c:" + client;

    private static string UserKey(string username)
    {
        var name = username.Trim().ToLowerInvariant();
        return "u:" + (name.Length > MaxUserNameKeyLength ? name[..MaxUserNameKeyLength] : name);
    }

    // Keys whose failures have all aged out are dropped, at most once a window, so memory follows
    // the number of recent failures rather than every name ever tried. A failure recorded into a
    // window at the moment it is dropped is lost: the limit may then allow one attempt more.
    private void SweepIfDue(DateTimeOffset now, TimeSpan window)
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (_windows.Count < SweepThreshold || now.UtcTicks - last < window.Ticks
            || Interlocked.CompareExchange(ref _lastSweep, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, failures) in _windows)
        {
            if (failures.IsEmpty(now, window))
            {
                _windows.TryRemove(key, out _);
            }
        }
    }

    /// <summary>The times of the most recent failures of one key, oldest first (at most the limit).</summary>
    private sealed class FailureWindow
    {
        private readonly Queue<DateTimeOffset> _times = new();

        public void Add(DateTimeOffset now, TimeSpan window, int limit)
        {
            lock (_times)
            {
                Expire(now, window);
                _times.Enqueue(now);
                while (_times.Count > limit)
                {
                    _times.Dequeue();
                }
            }
        }

        public TimeSpan Wait(DateTimeOffset now, TimeSpan window, int limit)
        {
            lock (_times)
            {
                Expire(now, window);
                return _times.Count >= limit ? _times.Peek() + window - now : TimeSpan.Zero;
            }
        }

        public bool IsEmpty(DateTimeOffset now, TimeSpan window)
        {
            lock (_times)
            {
                Expire(now, window);
                return _times.Count == 0;
            }
        }

        private void Expire(DateTimeOffset now, TimeSpan window)
        {
            while (_times.Count > 0 && _times.Peek() <= now - window)
            {
                _times.Dequeue();
            }
        }
    }
}
