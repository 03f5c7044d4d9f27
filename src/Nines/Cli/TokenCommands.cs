using System.CommandLine;
using System.Globalization;
using Nines.Configuration;
using Nines.Core.Identifiers;
using Nines.Core.Security;
using Nines.Store.Model;

namespace Nines.Cli;

/// <summary><c>nines token create|list|revoke</c>: API tokens, straight on the data directory's store.</summary>
internal static class TokenCommands
{
    /// <summary>The longest token name accepted.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The <c>token</c> command and its verbs.</summary>
    public static Command Create(CliContext context)
    {
        var token = new Command("token", "Create, list and revoke API tokens (works on the data directory, also while a server runs).");
        token.Subcommands.Add(CreateCreate(context));
        token.Subcommands.Add(CreateList(context));
        token.Subcommands.Add(CreateRevoke(context));
        return token;
    }

    private static Command CreateCreate(CliContext context)
    {
        var role = RoleOption.Create("the token acts with");
        var tenant = TenantOption.Create();
        var name = new Option<string>("--name") { Description = "A name to recognise the token by in lists and the audit log [default: cli-DATE-TIME]", HelpName = "N" };
        var ingest = new Option<bool>("--ingest") { Description = "Also allow the token to send telemetry (OTLP, remote write, Loki push, Zipkin)" };
        var expires = new Option<string>("--expires") { Description = "Lifetime, like 30d or 12h [default: never expires]", HelpName = "DURATION" };
        var command = new Command("create", "Create an API token. Prints only the secret on stdout (shown this once); everything else goes to stderr.")
        {
            role, tenant, name, ingest, expires,
        };
        var flags = new ConfigFlags(withListen: false);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!RoleOption.TryParse(parse.GetValue(role), out var parsedRole, out var roleError))
            {
                return StoreVerb.Usage(context, roleError);
            }

            TimeSpan? lifetime = null;
            if (parse.GetValue(expires) is { } expiresText)
            {
                if (!Durations.TryParse(expiresText, out var span, out var durationError))
                {
                    return StoreVerb.Usage(context, "--expires: " + durationError);
                }

                if (span <= TimeSpan.Zero)
                {
                    return StoreVerb.Usage(context, "--expires: must be a positive duration, like 30d");
                }

                lifetime = span;
            }

            var now = context.Time.GetUtcNow();
            var tokenName = parse.GetValue(name)?.Trim();
            tokenName = string.IsNullOrEmpty(tokenName) ? "cli-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) : tokenName;
            if (tokenName.Length > MaxNameLength)
            {
                return StoreVerb.Usage(context, $"--name: at most {MaxNameLength} characters");
            }

            var tenantId = parse.GetValue(tenant)!;
            return await StoreVerb.RunAsync(context, flags.Load(parse, context), tenantId, async (_, store) =>
            {
                var secret = ApiTokens.Generate();
                var record = new ApiToken(
                    Ids.New(context.Time), tenantId, tokenName, parsedRole, parse.GetValue(ingest), ApiTokens.Hash(secret),
                    Actor.Cli.Name, now, now + lifetime, RevokedAt: null, LastUsedAt: null);
                var created = await store.CreateTokenAsync(record, Actor.Cli, cancellationToken);
                context.Out.WriteLine(secret);
                var expiry = created.ExpiresAt is { } at ? "expires " + TextTable.Time(at) : "never expires";
                context.Error.WriteLine(
                    $"Created token {created.Id} '{created.Name}' in tenant '{created.TenantId}': role {created.Role.ToName()}" +
                    $"{(created.Ingest ? ", may ingest" : "")}, {expiry}. The secret above is shown only this once; store it now.");
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateList(CliContext context)
    {
        var tenant = TenantOption.Create();
        var command = new Command("list", "List a tenant's API tokens, newest first (never their secrets).") { tenant };
        var flags = new ConfigFlags(withListen: false);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(tenant)!;
            return await StoreVerb.RunAsync(context, flags.Load(parse, context), tenantId, async (_, store) =>
            {
                var tokens = await store.ListTokensAsync(tenantId, cancellationToken);
                var now = context.Time.GetUtcNow();
                var rows = tokens.Select(t => (IReadOnlyList<string>)
                [
                    t.Id, t.Name, t.Role.ToName(), t.Ingest ? "yes" : "no", TextTable.Time(t.CreatedAt),
                    t.ExpiresAt is null ? "never" : TextTable.Time(t.ExpiresAt), TextTable.Time(t.LastUsedAt), State(t, now),
                ]).ToList();
                TextTable.Write(context.Out, ["id", "name", "role", "ingest", "created", "expires", "last used", "state"], rows);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateRevoke(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "The token's id (from 'nines token list')" };
        var tenant = TenantOption.Create();
        var command = new Command("revoke", "Revoke an API token: it stops working at once. Revoking twice is harmless.") { id, tenant };
        var flags = new ConfigFlags(withListen: false);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(tenant)!;
            var tokenId = parse.GetValue(id)!;
            return await StoreVerb.RunAsync(context, flags.Load(parse, context), tenantId, async (_, store) =>
            {
                if (!await store.RevokeTokenAsync(tenantId, tokenId, context.Time.GetUtcNow(), Actor.Cli, cancellationToken))
                {
                    return StoreVerb.Failure(context, $"tenant '{tenantId}' has no token '{tokenId}' (see 'nines token list --tenant {tenantId}')");
                }

                context.Out.WriteLine($"Revoked token {tokenId}.");
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static string State(ApiToken token, DateTimeOffset now) =>
        token.RevokedAt is not null ? "revoked"
        : token.ExpiresAt is { } expires && expires <= now ? "expired"
        : "active";
}
