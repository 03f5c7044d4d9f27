using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Nines.Core.Security;
using Nines.Store;

namespace Nines.Security;

/// <summary>
/// Authenticates <c>Authorization: Bearer nines_…</c> API tokens against the store. A missing
/// header is "no result" (other schemes or anonymous routes may apply); a present but unknown,
/// revoked or expired token fails with a reason that the challenge returns to the caller.
/// </summary>
internal sealed partial class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IControlPlaneStore store,
    TimeProvider time,
    TokenUsageRecorder usage)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    internal const string FailureReasonKey = "nines:auth-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Fail("the Authorization header must be 'Bearer <token>'");
        }

        var secret = header["Bearer ".Length..].Trim();
        if (!ApiTokens.LooksLikeToken(secret))
        {
            return Fail("the bearer token is not a Nines API token (they start with 'nines_' and have 49 characters)");
        }

        var token = await store.FindTokenByHashAsync(ApiTokens.Hash(secret), Context.RequestAborted);
        if (token is null)
        {
            return Fail("the API token is not known; it may have been deleted or mistyped");
        }

        var now = time.GetUtcNow();
        if (token.RevokedAt is { } revoked)
        {
            return Fail($"the API token '{token.Name}' was revoked at {revoked:u}");
        }

        if (token.ExpiresAt is { } expires && expires <= now)
        {
            return Fail($"the API token '{token.Name}' expired at {expires:u}");
        }

        usage.Record(token.Id, now);
        var principal = NinesClaims.ForToken(token.Id, token.Name, token.TenantId, token.Role, token.Ingest);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = Context.Items[FailureReasonKey] is string
            ? "Bearer error=\"invalid_token\""
            : "Bearer";
        return base.HandleChallengeAsync(properties);
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureReasonKey] = reason;
        return AuthenticateResult.Fail(reason);
    }
}

/// <summary>
/// Writes a token's last-used time at most once a minute, off the request path, so that a
/// busy ingest token does not turn every request into a store write.
/// </summary>
internal sealed class TokenUsageRecorder(IControlPlaneStore store, ILogger<TokenUsageRecorder> logger)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastWritten = new(StringComparer.Ordinal);

    public void Record(string tokenId, DateTimeOffset now)
    {
        if (_lastWritten.TryGetValue(tokenId, out var last) && now - last < Interval)
        {
            return;
        }

        _lastWritten[tokenId] = now;
        _ = WriteAsync(tokenId, now);
    }

    private async Task WriteAsync(string tokenId, DateTimeOffset now)
    {
        try
        {
            await store.TouchTokenAsync(tokenId, now);
        }
        catch (Exception e) when (e is StoreException or InvalidOperationException or IOException)
        {
            logger.LogWarning(e, "Could not record the last use of token {TokenId}", tokenId);
        }
    }
}
