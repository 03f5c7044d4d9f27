using System.Net;
using Nines.Testing.Peers;

namespace Nines.Compat.Tests;

/// <summary>
/// A scrape target on a free loopback port for a live Prometheus to scrape: one request at a time,
/// each answered with the body the subclass builds for it.
/// </summary>
internal abstract class ScrapeTarget : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _scrapes;

    protected ScrapeTarget()
    {
        Port = PrometheusPeer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>Scrapes answered or being answered.</summary>
    public int Scrapes => Volatile.Read(ref _scrapes);

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener closed under the loop.
        }
    }

    /// <summary>The content type and body of scrape number <paramref name="scrape"/> (from 1).</summary>
    protected abstract (string ContentType, ReadOnlyMemory<byte> Body) Respond(int scrape, HttpListenerRequest request);

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var (contentType, body) = Respond(Interlocked.Increment(ref _scrapes), context.Request);
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
