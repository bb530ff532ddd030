using System.CommandLine;
using System.Globalization;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Cli;

/// <summary>
/// <c>usage --tenant T</c>: the tenant's current rate-limit windows and quota usage, summed over every instance, and its
/// refusals of the last 24 hours with why.
/// </summary>
public static class UsageCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant.", Required = true };
        var command = new Command("usage", "Show a tenant's current usage (at most one sync interval old) and recent refusals (at most 10 s old).") { tenant };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(output, async () =>
        {
            var usage = await services.GetRequiredService<IUsageReader>().ReadAsync(result.GetValue(tenant)!, cancellationToken);
            await PrintAsync(output, usage);
            await PrintAsync(output, await services.GetRequiredService<IRecentRefusalsReader>().ReadAsync(usage.Tenant, cancellationToken));
        }));
        return command;
    }

    private static async Task PrintAsync(TextWriter output, TenantUsage usage)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Tenant {usage.Tenant}, read at {usage.ReadAt:yyyy-MM-dd HH:mm:ss}Z"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  today (UTC {usage.Today.PeriodStart:yyyy-MM-dd}):  {usage.Today.Admitted} admitted, {usage.Today.Attempted - usage.Today.Admitted} refused"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  this month ({usage.ThisMonth.PeriodStart:yyyy-MM}):  {usage.ThisMonth.Admitted} admitted, {usage.ThisMonth.Attempted - usage.ThisMonth.Admitted} refused"));
        if (usage.Windows.Count == 0)
        {
            await output.WriteLineAsync("  no rate-limit window is active.");
            return;
        }

        foreach (var window in usage.Windows)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  policy {window.Policy}, key {window.Key}: {window.Admitted}/{window.Limit} in the window from {window.WindowStart:HH:mm:ss}Z ({window.Window.TotalSeconds:0.###} s), {window.Attempted - window.Admitted} refused, {window.Instances} instance(s)"));
        }
    }

    private static async Task PrintAsync(TextWriter output, IReadOnlyList<RecentRefusal> refusals)
    {
        if (refusals.Count == 0)
        {
            await output.WriteLineAsync("Recent refusals (last 24 h): none.");
            return;
        }

        await output.WriteLineAsync("Recent refusals (last 24 h, per minute, route, limit and instance; allowance and admitted at the last refusal, on that instance):");
        foreach (var refusal in refusals)
        {
            var limit = refusal.Period switch
            {
                QuotaPeriod.Day => $"daily quota of plan {refusal.Policy}",
                QuotaPeriod.Month => $"monthly quota of plan {refusal.Policy}",
                _ => $"rate limit {refusal.Policy}",
            };
            var window = refusal.Period == QuotaPeriod.None
                ? string.Create(CultureInfo.InvariantCulture, $"{refusal.Window.TotalSeconds:0.###} s")
                : refusal.Period.ToString().ToLowerInvariant();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {refusal.Minute:yyyy-MM-dd HH:mm}Z route {refusal.Route}: {refusal.Count} refused ({refusal.Code}) by {limit}, {refusal.Limit} per {window}; allowance {refusal.Allowance}, admitted {refusal.Admitted}, {(refusal.IsSynced ? "synced" : "local")} on {refusal.Instance}"));
        }
    }
}
