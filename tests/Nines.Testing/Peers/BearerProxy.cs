using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nines.Testing.Peers;

/// <summary>
/// A loopback forwarder that adds <c>Authorization: Bearer TOKEN</c> to every request: for clients
/// that cannot send a header (promtool 2.42's <c>query instant</c> has no <c>--header</c>), so that
/// they can be pointed at Nines unchanged.
/// </summary>
public sealed class BearerProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;

    private BearerProxy(WebApplication app, HttpClient client, Uri address)
    {
        _app = app;
        _client = client;
        BaseAddress = address;
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts forwarding to <paramref name="target"/>.</summary>
    public static async Task<BearerProxy> StartAsync(Uri target, string token)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var client = new HttpClient { BaseAddress = target, Timeout = TimeSpan.FromSeconds(60) };
        app.Run(async context =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                body.Position = 0;
                request.Content = new StreamContent(body);
                if (context.Request.ContentType is { } type)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                }
            }

            using var response = await client.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } contentType)
            {
                context.Response.ContentType = contentType.ToString();
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BearerProxy(app, client, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Stops the forwarder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }
}
