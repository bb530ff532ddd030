using System.CommandLine;
using System.Globalization;
using Serverless.Gateway.Auth.ApiKeys;

namespace Serverless.Gateway.Cli;

/// <summary><c>keys create|list|revoke|rotate</c>. Secrets are printed once, at creation or rotation, and never stored.</summary>
public static class KeysCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var manager = new Lazy<ApiKeyManager>(() => services.GetRequiredService<ApiKeyManager>());
        var time = services.GetRequiredService<TimeProvider>();
        return new Command("keys", "Manage API keys.")
        {
            CreateCommand(manager, time, output),
            ListCommand(manager, output),
            RevokeCommand(manager, output),
            RotateCommand(manager, output),
        };
    }

    private static Command CreateCommand(Lazy<ApiKeyManager> manager, TimeProvider time, TextWriter output)
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant the key acts for.", Required = true };
        var plan = new Option<string>("--plan") { Description = "Plan whose rate limits and quotas apply.", Required = true };
        var scopes = new Option<string[]>("--scopes") { Description = "Granted scopes, e.g. orders:read orders:write.", AllowMultipleArgumentsPerToken = true };
        var expires = new Option<string?>("--expires") { Description = "Expiry: an ISO 8601 date/time, or a duration such as 90d, 12h." };
        var name = new Option<string?>("--name") { Description = "A label for people, e.g. the client's name." };
        var command = new Command("create", "Create a key and print its secret once.") { tenant, plan, scopes, expires, name };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var expiresAt = ExpiryParser.Parse(result.GetValue(expires), time.GetUtcNow());
            var issued = await manager.Value.CreateAsync(
                result.GetValue(tenant)!, result.GetValue(plan)!, result.GetValue(scopes) ?? [], expiresAt, result.GetValue(name), cancellationToken);
            await PrintIssuedAsync(output, "Created", issued);
        }));
        return command;
    }

    private static Command ListCommand(Lazy<ApiKeyManager> manager, TextWriter output)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's keys." };
        var command = new Command("list", "List keys (never their secrets).") { tenant };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            await output.WriteLineAsync($"{"KEY ID",-18}{"TENANT",-20}{"PLAN",-12}{"STATUS",-10}{"CREATED",-22}{"EXPIRES",-22}SCOPES");
            await foreach (var key in manager.Value.ListAsync(result.GetValue(tenant), cancellationToken))
            {
                await output.WriteLineAsync(
                    $"{key.KeyId,-18}{key.Tenant,-20}{key.Plan,-12}{Status(key),-10}{Format(key.CreatedAt),-22}{Format(key.ExpiresAt),-22}{string.Join(' ', key.Scopes)}");
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
        var grace = new Option<TimeSpan>("--grace") { Description = "How long the old secret keeps working.", DefaultValueFactory = _ => TimeSpan.FromHours(24) };
        var command = new Command("rotate", "Issue a new secret; the old one stays valid for the grace period.") { id, grace };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var issued = await manager.Value.RotateAsync(result.GetValue(id)!, result.GetValue(grace), cancellationToken);
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
        await output.WriteLineAsync("Secret (shown only now; store it safely):");
        await output.WriteLineAsync(issued.Key);
    }

    private static string Status(ApiKeyRecord key) => key.RevokedAt is not null ? "revoked" : "active";

    private static string Format(DateTimeOffset? value) =>
        value?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "never";
}
