using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Auth.ApiKeys;
using Serverless.Gateway.RateLimiting;
using Serverless.Gateway.Revisions;

namespace Serverless.Gateway.Cli;

/// <summary><c>keys create|list|revoke|rotate</c>. Secrets are printed once, at creation or rotation, and never stored.</summary>
public static class KeysCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        // Resolved on first use, so `keys --help` needs neither storage nor valid configuration.
        var manager = new Lazy<ApiKeyManager>(() => services.GetRequiredService<ApiKeyManager>());
        var time = new Lazy<TimeProvider>(() => services.GetRequiredService<TimeProvider>());
        // The plans the instances run with: a published revision's, where one holds them, else the configuration's.
        Task<IReadOnlyCollection<string>> PlansAsync(CancellationToken cancellationToken) => services.GetRequiredService<RevisionPublisher>()
            .PlansAsync(services.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Plans.Keys, cancellationToken);
        return new Command("keys", "Manage API keys.")
        {
            CreateCommand(manager, time, PlansAsync, output),
            ListCommand(manager, time, output),
            RevokeCommand(manager, output),
            RotateCommand(manager, output),
        };
    }

    private static Command CreateCommand(Lazy<ApiKeyManager> manager, Lazy<TimeProvider> time, Func<CancellationToken, Task<IReadOnlyCollection<string>>> plansAsync, TextWriter output)
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant the key acts for.", Required = true };
        var plan = new Option<string>("--plan") { Description = $"Plan whose rate limits and quotas apply; one of {RateLimitingOptions.SectionName}:Plans.", Required = true };
        var allowUnknownPlan = new Option<bool>("--allow-unknown-plan")
        {
            Description = "Create the key although its plan is not configured (yet): until it is, the key has no rate limit and no quota.",
        };
        var scopes = new Option<string[]>("--scopes") { Description = "Granted scopes, e.g. orders:read orders:write.", AllowMultipleArgumentsPerToken = true };
        var expires = new Option<string?>("--expires") { Description = $"Expiry: an ISO 8601 date/time, or a duration from now ({DurationParser.Forms})." };
        var name = new Option<string?>("--name") { Description = "A label for people, e.g. the client's name." };
        var origins = new Option<string[]>("--origins")
        {
            Description = "Web origins the key may be used from, e.g. https://app.example.com https://*.example.com: a publishable key for browser apps; " +
                "requests need an Origin header on the list.",
            AllowMultipleArgumentsPerToken = true,
        };
        var allowIp = new Option<string[]>("--allow-ip") { Description = "Client address ranges the key may be used from (CIDR or address, IPv4 or IPv6).", AllowMultipleArgumentsPerToken = true };
        var denyIp = new Option<string[]>("--deny-ip") { Description = "Client address ranges the key may not be used from (CIDR or address).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("create", "Create a key and print its secret once.") { tenant, plan, allowUnknownPlan, scopes, expires, name, origins, allowIp, denyIp };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var expiresAt = DurationParser.ParseExpiry(result.GetValue(expires), time.Value.GetUtcNow());
            var planName = result.GetValue(plan)!;
            var plans = await plansAsync(cancellationToken);
            var known = plans.Contains(planName, StringComparer.OrdinalIgnoreCase);
            if (!known && !result.GetValue(allowUnknownPlan))
            {
                throw new ArgumentException(
                    $"plan '{planName}' is not configured under {RateLimitingOptions.SectionName}:Plans ({Configured(plans)}); a key on it would have no " +
                    "rate limit and no quota. Configure the plan first (--config <file> reads a configuration file), " +
                    "or pass --allow-unknown-plan to create the key anyway.");
            }

            var access = new ApiKeyAccess(result.GetValue(origins) ?? [], result.GetValue(allowIp) ?? [], result.GetValue(denyIp) ?? []);
            var issued = await manager.Value.CreateAsync(
                result.GetValue(tenant)!, planName, result.GetValue(scopes) ?? [], expiresAt, result.GetValue(name), access, cancellationToken);
            await PrintIssuedAsync(output, "Created", issued);
            if (!known)
            {
                await output.WriteLineAsync(
                    $"warning: plan '{planName}' is not configured under {RateLimitingOptions.SectionName}:Plans; until it is, the key has no rate limit and no quota.");
            }
        }));
        return command;
    }

    private static Command ListCommand(Lazy<ApiKeyManager> manager, Lazy<TimeProvider> time, TextWriter output)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's keys." };
        var command = new Command("list", "List keys (never their secrets) with their status: active, expired, revoked, or in grace (rotated, old secret still valid).") { tenant };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var now = time.Value.GetUtcNow();
            await output.WriteLineAsync(
                $"{"KEY ID",-18}{"TENANT",-20}{"PLAN",-12}{"STATUS",-37}{"NAME",-20}{"CREATED",-22}{"EXPIRES",-22}SCOPES");
            await foreach (var key in manager.Value.ListAsync(result.GetValue(tenant), cancellationToken))
            {
                await output.WriteLineAsync(string.Concat(
                    Column(key.KeyId, 18), Column(key.Tenant, 20), Column(key.Plan, 12), Column(Status(key, now), 37), Column(key.Name ?? "-", 20),
                    Column(Format(key.CreatedAt), 22), Column(Format(key.ExpiresAt), 22), string.Join(' ', key.Scopes)).TrimEnd());
                if (Restrictions(key) is { } restrictions)
                {
                    await output.WriteLineAsync(restrictions);
                }
            }
        }));
        return command;
    }

    private static Command RevokeCommand(Lazy<ApiKeyManager> manager, TextWriter output)
    {
        var id = new Argument<string>("key-id") { Description = "The key id (the part after sgw_)." };
        var command = new Command("revoke", "Revoke a key; every instance stops accepting it within the cache duration (30 s by default).") { id };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var revoked = await manager.Value.RevokeAsync(result.GetValue(id)!, cancellationToken);
            await output.WriteLineAsync($"Revoked API key {revoked.KeyId} of tenant {revoked.Tenant} at {Format(revoked.RevokedAt)}.");
        }));
        return command;
    }

    private static Command RotateCommand(Lazy<ApiKeyManager> manager, TextWriter output)
    {
        var id = new Argument<string>("key-id") { Description = "The key id (the part after sgw_)." };
        var grace = new Option<string>("--grace") { Description = $"How long the old secret keeps working ({DurationParser.Forms}).", DefaultValueFactory = _ => "24h" };
        var command = new Command("rotate", "Issue a new secret; the old one stays valid for the grace period.") { id, grace };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var issued = await manager.Value.RotateAsync(result.GetValue(id)!, DurationParser.Parse(result.GetValue(grace)!, "--grace"), cancellationToken);
            await PrintIssuedAsync(output, "Rotated", issued);
            await output.WriteLineAsync($"The previous secret stays valid until {Format(issued.Record.PreviousValidUntil)}.");
        }));
        return command;
    }

    private static async Task PrintIssuedAsync(TextWriter output, string verb, IssuedApiKey issued)
    {
        var record = issued.Record;
        await output.WriteLineAsync(
            $"{verb} API key {record.KeyId} for tenant {record.Tenant} (plan {record.Plan}, scopes: {(record.Scopes.Count == 0 ? "none" : string.Join(' ', record.Scopes))}, expires: {Format(record.ExpiresAt)}).");
        if (Restrictions(record) is { } restrictions)
        {
            await output.WriteLineAsync("Usable only from: " + restrictions.TrimStart());
        }

        await output.WriteLineAsync("Secret (shown only now; store it safely):");
        await output.WriteLineAsync(issued.Key);
    }

    /// <summary>What the key does if presented now; "in grace" when it was rotated and its previous secret still works too.</summary>
    private static string Status(ApiKeyRecord key, DateTimeOffset now) =>
        key.RevokedAt <= now ? "revoked"
        : key.ExpiresAt <= now ? "expired"
        : key.PreviousValidUntil > now ? $"in grace until {Format(key.PreviousValidUntil)}"
        : "active";

    /// <summary>The key's origins and address ranges, on an indented line under it so the table's columns stay short; null when it has none.</summary>
    private static string? Restrictions(ApiKeyRecord key)
    {
        var parts = new List<string>(3);
        if (key.Origins.Count > 0)
        {
            parts.Add("origins: " + string.Join(' ', key.Origins));
        }

        if (key.AllowIps.Count > 0)
        {
            parts.Add("allow-ip: " + string.Join(' ', key.AllowIps));
        }

        if (key.DenyIps.Count > 0)
        {
            parts.Add("deny-ip: " + string.Join(' ', key.DenyIps));
        }

        return parts.Count == 0 ? null : "  " + string.Join("; ", parts);
    }

    /// <summary>Padded to <paramref name="width"/>, and never without a space after it, however long.</summary>
    private static string Column(string text, int width) => text.Length < width ? text.PadRight(width) : text + " ";

    private static string Configured(IReadOnlyCollection<string> plans) =>
        plans.Count == 0 ? "none is configured" : $"configured: {string.Join(", ", plans.Order(StringComparer.Ordinal))}";

    private static string Format(DateTimeOffset? value) =>
        value?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "never";
}
