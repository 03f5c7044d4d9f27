using System.CommandLine;
using Nines.Configuration;
using Nines.Core.Security;
using Nines.Store;
using Nines.Store.Model;

namespace Nines.Cli;

/// <summary><c>nines user add|list|disable|enable</c>: UI users, straight on the data directory's store.</summary>
internal static class UserCommands
{
    /// <summary>The longest user name accepted.</summary>
    public const int MaxUsernameLength = 64;

    /// <summary>The <c>user</c> command and its verbs.</summary>
    public static Command Create(CliContext context)
    {
        var user = new Command("user", "Add, list, disable and enable UI users (works on the data directory, also while a server runs).");
        user.Subcommands.Add(CreateAdd(context));
        user.Subcommands.Add(CreateList(context));
        user.Subcommands.Add(CreateSetDisabled(context, disabled: true));
        user.Subcommands.Add(CreateSetDisabled(context, disabled: false));
        return user;
    }

    private static Command CreateAdd(CliContext context)
    {
        var username = new Argument<string>("USERNAME") { Description = "The log-in name" };
        var role = RoleOption.Create("the user holds in the tenant");
        var tenant = TenantOption.Create();
        var displayName = new Option<string>("--display-name") { Description = "The name shown in the UI [default: the user name]", HelpName = "N" };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = $"Read the password from the first line of stdin (at least {PasswordHasher.MinimumLength} characters). " +
                "Without it the user gets a one-time set-up link to choose a password.",
        };
        var command = new Command("add", "Add a user to a tenant. Without --password-stdin, prints a one-time set-up link on stdout for the user to set a password.")
        {
            username, role, tenant, displayName, passwordStdin,
        };
        var flags = new ConfigFlags(withListen: false);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var name = parse.GetValue(username)!.Trim();
            if (name.Length == 0 || name.Length > MaxUsernameLength || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                return StoreVerb.Usage(context, $"USERNAME: 1-{MaxUsernameLength} characters without spaces; got '{name}'");
            }

            if (!RoleOption.TryParse(parse.GetValue(role), out var parsedRole, out var roleError))
            {
                return StoreVerb.Usage(context, roleError);
            }

            string? passwordHash = null;
            if (parse.GetValue(passwordStdin))
            {
                var password = await context.In.ReadLineAsync(cancellationToken);
                if (PasswordHasher.Weakness(password) is { } weakness)
                {
                    return StoreVerb.Usage(context, "--password-stdin: " + (password is null ? "stdin was empty. " : "") + weakness);
                }

                passwordHash = PasswordHasher.Hash(password!);
            }

            var tenantId = parse.GetValue(tenant)!;
            return await StoreVerb.RunAsync(context, flags.Load(parse, context), tenantId, async (options, store) =>
            {
                TenantUser added;
                try
                {
                    added = await store.AddUserAsync(tenantId, name, parse.GetValue(displayName), passwordHash, parsedRole, Actor.Cli, cancellationToken);
                }
                catch (StoreConflictException e)
                {
                    return StoreVerb.Failure(context, e.Message);
                }

                var summary = $"user '{added.User.Username}' ({added.Role.ToName()} in tenant '{tenantId}')";
                if (added.User.PasswordHash is not null)
                {
                    context.Out.WriteLine($"Added {summary}.");
                    return ExitCodes.Ok;
                }

                var now = context.Time.GetUtcNow();
                var secret = ApiTokens.Generate();
                var lifetime = options.Auth.SetupLinkLifetime;
                await store.CreateSetupLinkAsync(tenantId, new SetupLink(ApiTokens.Hash(secret), added.User.Id, now, now + lifetime, UsedAt: null), Actor.Cli, cancellationToken);
                context.Error.WriteLine($"Added {summary}. Send them this link to set their password; it works once and expires in {Durations.Format(lifetime)}:");
                context.Out.WriteLine($"{BaseUrl(options)}/setup/{secret}");
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateList(CliContext context)
    {
        var tenant = TenantOption.Create();
        var command = new Command("list", "List a tenant's users with their role and state.") { tenant };
        var flags = new ConfigFlags(withListen: false);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(tenant)!;
            return await StoreVerb.RunAsync(context, flags.Load(parse, context), tenantId, async (_, store) =>
            {
                var users = await store.ListUsersAsync(tenantId, cancellationToken);
                var rows = users.Select(u => (IReadOnlyList<string>)
                [
                    u.User.Username, u.User.DisplayName ?? "-", u.Role.ToName(), u.User.Disabled ? "disabled" : "active",
                    u.User.PasswordHash is null ? "not set" : "set", TextTable.Time(u.User.CreatedAt), TextTable.Time(u.User.LastLoginAt),
                ]).ToList();
                TextTable.Write(context.Out, ["username", "display name", "role", "state", "password", "created", "last login"], rows);
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    private static Command CreateSetDisabled(CliContext context, bool disabled)
    {
        var username = new Argument<string>("USERNAME") { Description = "The user's log-in name" };
        var tenant = TenantOption.Create();
        var command = disabled
            ? new Command("disable", "Disable a user's log-in in the tenant and end their sessions at once.") { username, tenant }
            : new Command("enable", "Enable a disabled user's log-in in the tenant again.") { username, tenant };
        var flags = new ConfigFlags(withListen: false);
        flags.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(tenant)!;
            var name = parse.GetValue(username)!.Trim();
            return await StoreVerb.RunAsync(context, flags.Load(parse, context), tenantId, async (_, store) =>
            {
                var user = await store.FindUserByNameAsync(name, cancellationToken);
                if (user is null || !await store.SetUserDisabledAsync(tenantId, user.Id, disabled, Actor.Cli, cancellationToken))
                {
                    return StoreVerb.Failure(context, $"tenant '{tenantId}' has no user '{name}' (see 'nines user list --tenant {tenantId}')");
                }

                context.Out.WriteLine($"{(disabled ? "Disabled" : "Enabled")} user '{user.Username}' in tenant '{tenantId}'.");
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }

    /// <summary>Where users reach Nines: <c>server.public_url</c>, else <c>http://</c> + the listen address (localhost for 0.0.0.0).</summary>
    private static string BaseUrl(NinesOptions options)
    {
        if (!string.IsNullOrEmpty(options.Server.PublicUrl))
        {
            return options.Server.PublicUrl.TrimEnd('/');
        }

        if (ListenAddress.TryParse(options.Server.Listen, out var listen, out _) && listen is not null)
        {
            var host = listen.IsAnyAddress ? "localhost" : listen.UrlHost;
            return $"http://{host}:{listen.Port}";
        }

        return "http://" + options.Server.Listen;
    }
}
