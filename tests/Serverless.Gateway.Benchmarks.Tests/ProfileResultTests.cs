using Serverless.Gateway.Benchmarks.Load;
using Serverless.Gateway.Benchmarks.Profile;

namespace Serverless.Gateway.Benchmarks.Tests;

public sealed class ProfileResultTests
{
    [Fact]
    public void Rows_follow_the_gateway_with_every_policy_off_most_first_and_merge_groups_small_in_every_column_into_other()
    {
        var result = Result(
            Target(LoadTargetIds.Yarp, 60, (PerfReportParser.Kernel, 40), ("Yarp.ReverseProxy", 3), ("System.Private.Uri", 0.2), (PerfReportParser.Runtime, 16.8)),
            Target(LoadTargetIds.GatewayPoliciesOff, 90, (PerfReportParser.Kernel, 45), ("Yarp.ReverseProxy", 4), ("Polly.Core", 2), ("System.Private.Uri", 0.2), (PerfReportParser.Runtime, 38.8)),
            Target(LoadTargetIds.GatewayPoliciesOn, 120, (PerfReportParser.Kernel, 50), ("Polly.Core", 0.1), ("Azure.Core", 0.1), (PerfReportParser.Runtime, 69.8)));

        var rows = result.Rows();

        Assert.Equal([PerfReportParser.Kernel, PerfReportParser.Runtime, "Yarp.ReverseProxy", "Polly.Core", ProfileResult.Other], rows.Select(static row => row.Group));
        Assert.Equal(("Polly.Core", 0.0, 2.0, 0.1), rows[3]);
        Assert.Equal((ProfileResult.Other, 0.2, 0.2, 0.1), rows[4]);
    }

    [Fact]
    public void The_section_has_a_row_per_group_the_measured_total_the_difference_to_yarp_and_both_inclusive_lists()
    {
        var result = Result(
            Target(LoadTargetIds.Yarp, 60, (PerfReportParser.Kernel, 40), (PerfReportParser.Runtime, 20)),
            Target(LoadTargetIds.GatewayPoliciesOff, 90, (PerfReportParser.Kernel, 38.5), (PerfReportParser.Runtime, 51.5)),
            Target(LoadTargetIds.GatewayPoliciesOn, 120, (PerfReportParser.Kernel, 50), (PerfReportParser.Runtime, 70)));
        using var writer = new StringWriter();

        result.WriteMarkdown(writer);

        var text = writer.ToString();
        Assert.StartsWith("## Where the CPU goes (perf)", text, StringComparison.Ordinal);
        Assert.Contains("| code executing | bare YARP | gateway, every policy off | gateway, API key + rate limit + telemetry | difference (gateway off − YARP) |", text, StringComparison.Ordinal);
        Assert.Contains("| .NET runtime | 20.0 µs | 51.5 µs | 70.0 µs | +31.5 µs |", text, StringComparison.Ordinal);
        Assert.Contains("| Linux kernel | 40.0 µs | 38.5 µs | 50.0 µs | −1.5 µs |", text, StringComparison.Ordinal);
        Assert.Contains("| **total: measured CPU/request** | **60.0 µs** | **90.0 µs** | **120.0 µs** | **+30.0 µs** |", text, StringComparison.Ordinal);
        Assert.Contains("| 1 | `gateway-bare.Frame` | 45.0 | `yarp.Frame` | 30.0 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_skipped_profile_says_why_under_its_heading()
    {
        using var writer = new StringWriter();

        new ProfileResult(new ProfileOptions(), [], "`perf` is not installed.").WriteMarkdown(writer);

        Assert.Equal($"## Where the CPU goes (perf){Environment.NewLine}{Environment.NewLine}Skipped: `perf` is not installed.{Environment.NewLine}{Environment.NewLine}", writer.ToString());
    }

    private static ProfileResult Result(params ProfiledTarget[] targets) => new(new ProfileOptions(), targets, null);

    private static ProfiledTarget Target(string id, double cpuPerRequest, params (string Group, double Microseconds)[] groups) => new(
        id,
        id switch
        {
            LoadTargetIds.Yarp => ProfileEnvironment.YarpName,
            LoadTargetIds.GatewayPoliciesOff => ProfileEnvironment.PoliciesOffName,
            _ => ProfileEnvironment.PoliciesOnName,
        },
        new WrkResult(10_000, 100_000, TimeSpan.FromMilliseconds(3), TimeSpan.FromMilliseconds(9), 0, 0),
        new CpuProfile(
            cpuPerRequest,
            8_000,
            groups.ToDictionary(static group => group.Group, static group => group.Microseconds, StringComparer.Ordinal),
            [new FrameCost($"{id}.Frame", cpuPerRequest / 2)]));
}
