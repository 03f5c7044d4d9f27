using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Nines.Configuration;
using Nines.Core.Identifiers;
using Nines.Core.Security;
using Nines.Errors;
using Nines.Store;
using Nines.Store.Model;

namespace Nines.Api;

/// <summary>
/// Nines' own API for the control plane, under <c>/api/nines/v1</c>: who am I, tenants, users,
/// API tokens and the audit log. Every handler reads the tenant from the caller's principal, never
/// from the request, so an id from another tenant is simply "not found".
/// </summary>
internal static class NinesApi
{
    public const string Prefix = "/api/nines/v1";

    public static void MapNinesApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).WithTags("Nines");

        api.MapGet("/whoami", WhoAmI).RequireAuthorization(NinesPolicies.Viewer)
            .WithSummary("The caller's tenant, role and identity");
        api.MapGet("/tenants", ListTenants).RequireAuthorization(NinesPolicies.Viewer)
            .WithSummary("Tenants the caller can act in");

        var users = api.MapGroup("/users").RequireAuthorization(NinesPolicies.Admin);
        users.MapGet("/", ListUsers).WithSummary("Members of the tenant");
        users.MapGet("/{id}", GetUser).WithSummary("One member");
        users.MapPost("/", CreateUser).WithSummary("Add a member (with a password, or get a one-time set-up link)");
        users.MapPatch("/{id}", UpdateUser).WithSummary("Change a member's role or disable/enable them");

        var tokens = api.MapGroup("/tokens").RequireAuthorization(NinesPolicies.Admin);
        tokens.MapGet("/", ListTokens).WithSummary("The tenant's API tokens (never their secrets)");
        tokens.MapGet("/{id}", GetToken).WithSummary("One API token");
        tokens.MapPost("/", CreateToken).WithSummary("Create an API token; the secret is in this answer only");
        tokens.MapDelete("/{id}", RevokeToken).WithSummary("Revoke an API token");

        api.MapLimits();
        api.MapCardinality();
        api.MapPipeline();

        api.MapGet("/audit", QueryAudit).RequireAuthorization(NinesPolicies.Admin)
            .WithSummary("The audit log, newest first, filterable");
    }

    private static WhoAmI WhoAmI(ClaimsPrincipal user) => new(
        user.GetTenant()!, user.GetRole()!.Value.ToName(), user.FindFirst(NinesClaims.Name)?.Value ?? "",
        user.FindFirst(NinesClaims.Kind)?.Value ?? "", user.HasClaim(NinesClaims.Ingest, "true"));

    private static async Task<IReadOnlyList<TenantView>> ListTenants(ClaimsPrincipal user, IControlPlaneStore store, CancellationToken ct)
    {
        var tenant = user.GetTenant()!;
        if (user.FindFirst(NinesClaims.Kind)?.Value != "session")
        {
            var own = await store.GetTenantAsync(tenant, ct);
            return own is null ? [] : [new TenantView(own.Id, own.Name, user.GetRole()!.Value.ToName())];
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in await store.ListTenantsAsync(ct))
        {
            names[t.Id] = t.Name;
        }

        var result = new List<TenantView>();
        foreach (var m in await store.ListMembershipsAsync(user.FindFirst(NinesClaims.Subject)!.Value, ct))
        {
            result.Add(new TenantView(m.TenantId, names.GetValueOrDefault(m.TenantId, m.TenantId), m.Role.ToName()));
        }

        return result;
    }

    private static async Task<IReadOnlyList<UserView>> ListUsers(ClaimsPrincipal user, IControlPlaneStore store, CancellationToken ct)
    {
        var members = await store.ListUsersAsync(user.GetTenant()!, ct);
        var result = new List<UserView>(members.Count);
        foreach (var m in members)
        {
            result.Add(UserView.From(m));
        }

        return result;
    }

    private static async Task<IResult> GetUser(string id, ClaimsPrincipal user, IControlPlaneStore store, CancellationToken ct) =>
        await store.GetTenantUserAsync(user.GetTenant()!, id, ct) is { } member
            ? Results.Ok(UserView.From(member))
            : Problems.NotFound($"User '{id}'");

    private static async Task<IResult> CreateUser(
        CreateUserRequest body, ClaimsPrincipal user, IControlPlaneStore store, TimeProvider time, IOptions<NinesOptions> options, HttpContext http, CancellationToken ct)
    {
        var username = body.Username?.Trim();
        if (string.IsNullOrEmpty(username) || username.Length > 64 || !IsUsername(username))
        {
            return Problems.Invalid("username: 1-64 characters of letters, digits, '.', '-', '_' or '@' are required.");
        }

        if (!Roles.TryParse(body.Role, out var role))
        {
            return Problems.Invalid($"role: '{body.Role}' is not a role; use one of {Roles.Names}.");
        }

        string? hash = null;
        if (body.Password is not null)
        {
            if (PasswordHasher.Weakness(body.Password) is { } weakness)
            {
                return Problems.Invalid("password: " + weakness);
            }

            hash = PasswordHasher.Hash(body.Password);
        }

        TenantUser created;
        try
        {
            created = await store.AddUserAsync(user.GetTenant()!, username, body.DisplayName?.Trim(), hash, role.Value, ActorOf(user), ct);
        }
        catch (StoreConflictException e)
        {
            return Problems.Conflict(e.Message);
        }

        string? setupUrl = null;
        if (created.User.PasswordHash is null)
        {
            var secret = ApiTokens.Generate();
            var now = time.GetUtcNow();
            await store.CreateSetupLinkAsync(user.GetTenant()!, new SetupLink(ApiTokens.Hash(secret), created.User.Id, now, now + options.Value.Auth.SetupLinkLifetime, null), ActorOf(user), ct);
            setupUrl = $"{PublicBase(http, options.Value)}/setup/{secret}";
        }

        return Results.Created($"{Prefix}/users/{created.User.Id}", new CreatedUser(UserView.From(created), setupUrl));
    }

    private static async Task<IResult> UpdateUser(string id, UpdateUserRequest body, ClaimsPrincipal user, IControlPlaneStore store, CancellationToken ct)
    {
        var tenant = user.GetTenant()!;
        if (await store.GetTenantUserAsync(tenant, id, ct) is null)
        {
            return Problems.NotFound($"User '{id}'");
        }

        Role? role = null;
        if (body.Role is not null)
        {
            if (!Roles.TryParse(body.Role, out role))
            {
                return Problems.Invalid($"role: '{body.Role}' is not a role; use one of {Roles.Names}.");
            }
        }

        if (role is null && body.Disabled is null)
        {
            return Problems.Invalid("Nothing to change: send 'role' and/or 'disabled'.");
        }

        if (id == user.FindFirst(NinesClaims.Subject)?.Value && (body.Disabled == true || (role is { } r && r != Role.Admin)))
        {
            return Problems.Result(StatusCodes.Status422UnprocessableEntity, "You cannot disable yourself or lower your own role; ask another admin.", "Refused");
        }

        var actor = ActorOf(user);
        if (role is { } newRole)
        {
            await store.SetRoleAsync(tenant, id, newRole, actor, ct);
        }

        if (body.Disabled is { } disabled)
        {
            await store.SetUserDisabledAsync(tenant, id, disabled, actor, ct);
        }

        var member = await store.GetTenantUserAsync(tenant, id, ct);
        return member is null ? Problems.NotFound($"User '{id}'") : Results.Ok(UserView.From(member));
    }

    private static async Task<IReadOnlyList<TokenView>> ListTokens(ClaimsPrincipal user, IControlPlaneStore store, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var tokens = await store.ListTokensAsync(user.GetTenant()!, ct);
        var result = new List<TokenView>(tokens.Count);
        foreach (var t in tokens)
        {
            result.Add(TokenView.From(t, now));
        }

        return result;
    }

    private static async Task<IResult> GetToken(string id, ClaimsPrincipal user, IControlPlaneStore store, TimeProvider time, CancellationToken ct) =>
        await store.GetTokenAsync(user.GetTenant()!, id, ct) is { } token
            ? Results.Ok(TokenView.From(token, time.GetUtcNow()))
            : Problems.NotFound($"Token '{id}'");

    private static async Task<IResult> CreateToken(CreateTokenRequest body, ClaimsPrincipal user, IControlPlaneStore store, TimeProvider time, CancellationToken ct)
    {
        var name = body.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return Problems.Invalid("name: a name of 1-100 characters is required, so you can tell tokens apart (e.g. 'grafana', 'otel-collector').");
        }

        if (!Roles.TryParse(body.Role, out var role))
        {
            return Problems.Invalid($"role: '{body.Role}' is not a role; use one of {Roles.Names}.");
        }

        var now = time.GetUtcNow();
        if (body.ExpiresAt is { } expires && expires <= now)
        {
            return Problems.Invalid($"expires_at: {expires:u} is in the past.");
        }

        var secret = ApiTokens.Generate();
        var actor = ActorOf(user);
        var token = await store.CreateTokenAsync(
            new ApiToken(Ids.New(time), user.GetTenant()!, name, role.Value, body.Ingest ?? false, ApiTokens.Hash(secret), actor.Name, now, body.ExpiresAt, null, null),
            actor, ct);
        return Results.Created($"{Prefix}/tokens/{token.Id}", new CreatedToken(TokenView.From(token, now), secret));
    }

    private static async Task<IResult> RevokeToken(string id, ClaimsPrincipal user, IControlPlaneStore store, TimeProvider time, CancellationToken ct) =>
        await store.RevokeTokenAsync(user.GetTenant()!, id, time.GetUtcNow(), ActorOf(user), ct)
            ? Results.NoContent()
            : Problems.NotFound($"Token '{id}'");

    private static async Task<IResult> QueryAudit(
        ClaimsPrincipal user, IControlPlaneStore store, CancellationToken ct,
        string? actor = null, string? entityType = null, string? entityId = null, string? action = null,
        DateTimeOffset? from = null, DateTimeOffset? to = null, long? beforeId = null, int? limit = null)
    {
        var size = Math.Clamp(limit ?? 100, 1, 1000);
        var entries = await store.QueryAuditAsync(new AuditQuery(user.GetTenant()!, actor, entityType, entityId, action, from, to, beforeId, size), ct);
        var views = new List<AuditView>(entries.Count);
        foreach (var e in entries)
        {
            views.Add(new AuditView(e.Id, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, ParseJson(e.Before), ParseJson(e.After)));
        }

        return Results.Ok(new AuditPage(views, entries.Count == size ? entries[^1].Id : null));
    }

    private static JsonElement? ParseJson(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static Actor ActorOf(ClaimsPrincipal user) => new(user.GetActorName());

    private static bool IsUsername(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
            {
                return false;
            }
        }

        return true;
    }

    private static string PublicBase(HttpContext http, NinesOptions options) =>
        string.IsNullOrWhiteSpace(options.Server.PublicUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}"
            : options.Server.PublicUrl.TrimEnd('/');
}
