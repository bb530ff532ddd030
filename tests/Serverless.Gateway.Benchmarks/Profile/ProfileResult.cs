using Serverless.Gateway.Benchmarks.Load;
using static Serverless.Gateway.Benchmarks.Reporting.Markdown;

namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>The profile of bare YARP and the two gateways, or why it was skipped, written as a RESULTS.md section.</summary>
/// <param name="Targets">Bare YARP, the gateway with every policy off and with policies on; empty when skipped.</param>
/// <param name="SkippedBecause">Why nothing was recorded (perf missing or not allowed), or null.</param>
public sealed record ProfileResult(ProfileOptions Options, IReadOnlyList<ProfiledTarget> Targets, string? SkippedBecause)
{
    /// <summary>A group under this in every column is merged into "other".</summary>
    public const double SmallestGroup = 0.3;

    public const string Other = "other";

    /// <summary>
    /// The table's rows: groups of at least <see cref="SmallestGroup"/> µs per request in some column, by the
    /// gateway-with-every-policy-off's figure, most first, then <see cref="Other"/> for the rest; each with bare
    /// YARP's, the gateway's with every policy off and with policies on.
    /// </summary>
    public IReadOnlyList<(string Group, double Yarp, double PoliciesOff, double PoliciesOn)> Rows()
    {
        var (yarp, off, on) = (Groups(LoadTargetIds.Yarp), Groups(LoadTargetIds.GatewayPoliciesOff), Groups(LoadTargetIds.GatewayPoliciesOn));
        var rows = yarp.Keys.Union(off.Keys).Union(on.Keys)
            .Select(group => (Group: group, Yarp: yarp.GetValueOrDefault(group), PoliciesOff: off.GetValueOrDefault(group), PoliciesOn: on.GetValueOrDefault(group)))
            .ToArray();
        var large = rows
            .Where(static row => Math.Max(row.Yarp, Math.Max(row.PoliciesOff, row.PoliciesOn)) >= SmallestGroup)
            .OrderByDescending(static row => row.PoliciesOff)
            .ThenBy(static row => row.Group, StringComparer.Ordinal)
            .ToList();
        var small = rows.Except(large).ToArray();
        if (small.Length > 0)
        {
            large.Add((Other, small.Sum(static row => row.Yarp), small.Sum(static row => row.PoliciesOff), small.Sum(static row => row.PoliciesOn)));
        }

        return large;
    }

    public void WriteMarkdown(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("## Where the CPU goes (perf)");
        writer.WriteLine();
        if (SkippedBecause is not null)
        {
            writer.WriteLine($"Skipped: {SkippedBecause}");
            writer.WriteLine();
            return;
        }

        var (yarp, off, on) = (Target(LoadTargetIds.Yarp), Target(LoadTargetIds.GatewayPoliciesOff), Target(LoadTargetIds.GatewayPoliciesOn));
        writer.WriteLine(Invariant(
            $"`perf record -g` at {Options.Frequency} Hz for {Options.Recording.TotalSeconds:0} s in the middle of a {(Options.Recording.TotalSeconds + 2):0} s wrk run (1 thread, {Options.Connections} connections, `GET /bench/products/42`), each target first warmed until its rate stopped improving. "));
        writer.WriteLine("The targets are processes of their own, started for this profile with perf maps on (`DOTNET_PerfMapEnabled=1`, `DOTNET_EnableWriteXorExecute=0`) so that perf can name JIT-compiled code; the load section's processes run without them. ");
        writer.WriteLine("Figures are µs of the target process's CPU time (user + system, over the whole wrk run) per request, split by each group's share of the samples: a sample counts in the group whose code was executing (self time), managed code by the assembly that declares the method, plus the Linux kernel (loopback TCP, mostly), the .NET runtime (libcoreclr, the JIT, stubs) and libc and native code. ");
        writer.WriteLine(Invariant($"Groups under {SmallestGroup:0.0} µs in every column are merged into \"{Other}\"; the total is the measured CPU per request."));
        writer.WriteLine();
        writer.WriteLine($"| code executing | {Heading(yarp)} | {Heading(off)} | {Heading(on)} | difference (gateway off − YARP) |");
        writer.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (group, yarpValue, offValue, onValue) in Rows())
        {
            writer.WriteLine($"| {group} | {Micro(yarpValue)} | {Micro(offValue)} | {Micro(onValue)} | {Difference(offValue - yarpValue)} |");
        }

        var (yarpTotal, offTotal, onTotal) = (yarp.Profile.CpuMicrosecondsPerRequest, off.Profile.CpuMicrosecondsPerRequest, on.Profile.CpuMicrosecondsPerRequest);
        writer.WriteLine($"| **total: measured CPU/request** | **{Micro(yarpTotal)}** | **{Micro(offTotal)}** | **{Micro(onTotal)}** | **{Difference(offTotal - yarpTotal)}** |");
        writer.WriteLine();
        writer.WriteLine(string.Join("; ", Targets.Select(static target => Invariant(
            $"{target.Name}: {Rate(target.Wrk.RequestsPerSecond)} req/s, {Rate(target.Profile.Samples)} samples"))) + ".");
        writer.WriteLine();
        writer.WriteLine("**The request path, inclusive.** The frames of the gateway's own code, YARP, ASP.NET Core, OpenTelemetry and HttpClient with the most time in them and in what they called (the frame was on the stack when sampled), as µs of CPU per request; `(async)` is an async method's state machine, every resumption of it.");
        writer.WriteLine();
        writer.WriteLine($"| | {off.Name} | µs | {yarp.Name} | µs |");
        writer.WriteLine("|---:|---|---:|---|---:|");
        for (var i = 0; i < Math.Max(off.Profile.RequestPath.Count, yarp.Profile.RequestPath.Count); i++)
        {
            writer.WriteLine(Invariant($"| {i + 1} | {Frame(off, i)} | {Frame(yarp, i)} |"));
        }

        writer.WriteLine();
    }

    private static string Heading(ProfiledTarget target) => target.Wrk.IsClean ? target.Name : $"{target.Name} (errors: not valid)";

    private static string Micro(double microseconds) => Invariant($"{microseconds:0.0} µs");

    private static string Difference(double microseconds) => Math.Round(microseconds, 1) switch
    {
        0 => "0.0 µs",
        var rounded => Invariant($"{(rounded > 0 ? "+" : "−")}{Math.Abs(rounded):0.0} µs"),
    };

    private static string Frame(ProfiledTarget target, int index) => index < target.Profile.RequestPath.Count
        ? Invariant($"`{target.Profile.RequestPath[index].Frame}` | {target.Profile.RequestPath[index].Microseconds:0.0}")
        : " | ";

    private ProfiledTarget Target(string id) =>
        Targets.FirstOrDefault(target => target.Id == id) ?? throw new InvalidOperationException($"The profile has no target '{id}'.");

    private IReadOnlyDictionary<string, double> Groups(string id) => Target(id).Profile.Groups;
}
