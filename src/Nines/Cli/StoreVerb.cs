using Nines.Configuration;
using Nines.Core.Tenancy;
using Nines.Store;
using Nines.Store.Model;

namespace Nines.Cli;

/// <summary>
/// Runs a data verb against the data directory's store: load configuration, open and migrate the
/// store (safe while a server runs on it: the store serialises writers), check that the tenant
/// exists, then run the body. The <c>default</c> tenant is created when missing, as the server's
/// first start does, so that users and tokens can be set up before the first <c>nines serve</c>.
/// </summary>
internal static class StoreVerb
{
    /// <summary>Runs <paramref name="body"/>; returns its exit code, or the reason it did not run.</summary>
    public static async Task<int> RunAsync(
        CliContext context,
        ConfigResult config,
        string? tenant,
        Func<NinesOptions, IControlPlaneStore, Task<int>> body,
        CancellationToken cancellationToken)
    {
        if (!config.Succeeded)
        {
            return ConfigFlags.Fail(context, config.Errors);
        }

        var options = config.Options;
        await using var store = await ControlPlaneStore.OpenAsync(options.Store, options.Data, context.Time, cancellationToken);
        await store.MigrateAsync(cancellationToken);
        if (tenant == TenantId.Default && await store.GetTenantAsync(tenant, cancellationToken) is null)
        {
            try
            {
                await store.CreateTenantAsync(TenantId.Default, "Default", Actor.Cli, cancellationToken);
            }
            catch (StoreConflictException)
            {
                // A server starting at the same moment created it first.
            }
        }

        if (tenant is not null && await store.GetTenantAsync(tenant, cancellationToken) is null)
        {
            var tenants = await store.ListTenantsAsync(cancellationToken);
            var names = string.Join(", ", tenants.Select(t => t.Id));
            context.Error.WriteLine($"nines: tenant '{tenant}' does not exist; tenants: {names}");
            return ExitCodes.Failure;
        }

        return await body(options, store);
    }

    /// <summary>Writes a usage error (bad argument value) and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int Usage(CliContext context, string message)
    {
        context.Error.WriteLine("nines: " + message);
        return ExitCodes.Usage;
    }

    /// <summary>Writes a run-time failure and returns <see cref="ExitCodes.Failure"/>.</summary>
    public static int Failure(CliContext context, string message)
    {
        context.Error.WriteLine("nines: " + message);
        return ExitCodes.Failure;
    }
}
