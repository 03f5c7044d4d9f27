using Nines.Core.Security;
using Nines.Core.Tenancy;
using Nines.Store;
using Nines.Store.Model;

namespace Nines.Hosting;

/// <summary>
/// First-run set-up: the default tenant and an <c>admin</c> user without a password. While that
/// admin has no password, every start prints a fresh one-time link to set it, so an operator who
/// lost the first link only needs to restart (or run <c>nines user add</c>).
/// </summary>
internal sealed class Bootstrap(IControlPlaneStore store, TimeProvider time, AuthOptions auth)
{
    public const string AdminUsername = "admin";

    public async Task EnsureDefaultsAsync(CancellationToken ct)
    {
        // Replicas starting together race here: whoever loses gets a conflict, which means done.
        try
        {
            if (await store.GetTenantAsync(TenantId.Default, ct) is null)
            {
                await store.CreateTenantAsync(TenantId.Default, "Default", Actor.System, ct);
            }
        }
        catch (StoreConflictException)
        {
        }

        try
        {
            if (await store.FindUserByNameAsync(AdminUsername, ct) is null && !await HasAnyAdminAsync(ct))
            {
                await store.AddUserAsync(TenantId.Default, AdminUsername, "Administrator", passwordHash: null, Role.Admin, Actor.System, ct);
            }
        }
        catch (StoreConflictException)
        {
        }
    }

    /// <summary>A new set-up link for the admin when they have no password yet; else null.</summary>
    public async Task<string?> IssueAdminSetupLinkAsync(string baseUrl, CancellationToken ct)
    {
        var admin = await store.FindUserByNameAsync(AdminUsername, ct);
        if (admin is null || admin.PasswordHash is not null || admin.Disabled)
        {
            return null;
        }

        var secret = ApiTokens.Generate();
        var now = time.GetUtcNow();
        await store.CreateSetupLinkAsync(TenantId.Default, new SetupLink(ApiTokens.Hash(secret), admin.Id, now, now + auth.SetupLinkLifetime, null), Actor.System, ct);
        return $"{baseUrl}/setup/{secret}";
    }

    private async Task<bool> HasAnyAdminAsync(CancellationToken ct)
    {
        foreach (var member in await store.ListUsersAsync(TenantId.Default, ct))
        {
            if (member.Role == Role.Admin)
            {
                return true;
            }
        }

        return false;
    }
}
