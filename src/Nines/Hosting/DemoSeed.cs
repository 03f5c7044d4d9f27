using Nines.Core.Identifiers;
using Nines.Core.Security;
using Nines.Core.Tenancy;
using Nines.Store;
using Nines.Store.Model;

namespace Nines.Hosting;

/// <summary>
/// The demo estate, for now: a second tenant, a team of users with every role, and a few API
/// tokens, so no page is empty. Idempotent: a restarted demo finds what it made before. Later
/// issues extend it with simulated services that emit telemetry, SLOs and incidents.
/// </summary>
internal sealed class DemoSeed(IControlPlaneStore store, TimeProvider time)
{
    public const string StagingTenant = "staging";

    private static readonly (string Username, string Display, Role Role, string Tenant)[] People =
    [
        ("alice", "Alice Ng (platform lead)", Role.Editor, TenantId.Default),
        ("bob", "Bob Okafor (on-call)", Role.Responder, TenantId.Default),
        ("carol", "Carol Diaz (product)", Role.Viewer, TenantId.Default),
        ("alice", "Alice Ng (platform lead)", Role.Admin, StagingTenant),
        ("dave", "Dave Kim (QA)", Role.Editor, StagingTenant),
        (Bootstrap.AdminUsername, "Administrator", Role.Admin, StagingTenant),
    ];

    private static readonly (string Name, Role Role, bool Ingest, string Tenant)[] Tokens =
    [
        ("demo-otel-collector", Role.Viewer, true, TenantId.Default),
        ("grafana", Role.Viewer, false, TenantId.Default),
        ("ci-deploy-marker", Role.Editor, false, TenantId.Default),
        ("staging-prometheus", Role.Viewer, true, StagingTenant),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        var actor = new Actor("demo");
        if (await store.GetTenantAsync(StagingTenant, ct) is null)
        {
            await store.CreateTenantAsync(StagingTenant, "Staging", actor, ct);
        }

        foreach (var (username, display, role, tenant) in People)
        {
            var user = await store.FindUserByNameAsync(username, ct);
            if (user is null || await store.GetTenantUserAsync(tenant, user.Id, ct) is null)
            {
                await store.AddUserAsync(tenant, username, display, passwordHash: null, role, actor, ct);
            }
        }

        var now = time.GetUtcNow();
        foreach (var (name, role, ingest, tenant) in Tokens)
        {
            var existing = await store.ListTokensAsync(tenant, ct);
            if (existing.Any(t => t.Name == name))
            {
                continue;
            }

            // The secrets are thrown away: these tokens are there to be looked at (and revoked), not used.
            var secret = ApiTokens.Generate();
            await store.CreateTokenAsync(new ApiToken(Ids.New(time), tenant, name, role, ingest, ApiTokens.Hash(secret), actor.Name, now, null, null, null), actor, ct);
        }
    }
}
