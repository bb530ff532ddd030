using Azure.Data.Tables;
using Serverless.Gateway.Configuration;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Heartbeat;
using Serverless.Gateway.Hosting;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Tests.Infrastructure;
using Serverless.Gateway.Triggers;

namespace Serverless.Gateway.Tests.Triggers;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class StandaloneTriggerHostTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _scriptRoot = Directory.CreateTempSubdirectory("script-root-").FullName;

    [Fact]
    public async Task Timer_fires_from_its_function_json_schedule_and_the_heartbeat_flows_through_the_queue_into_the_table()
    {
        await FunctionsTestApp.ResetHeartbeatQueuesAsync(azurite);
        await using var app = await FunctionsTestApp.StartStandaloneAsync(azurite, (HeartbeatTimerFunction.ScheduleSetting, "* * * * * *"));

        string? recordedId = null;
        await Eventually.TrueAsync(
            () =>
            {
                var emitted = app.Logs.WithEventId(3200).Select(entry => entry.Property("HeartbeatId")).ToHashSet();
                recordedId = app.Logs.WithEventId(3201).Select(entry => entry.Property("HeartbeatId")).FirstOrDefault(emitted.Contains);
                return recordedId is not null;
            },
            because: "No heartbeat emitted by the timer was recorded by the queue function.");

        var row = await FunctionsTestApp.HeartbeatTable(azurite).GetEntityAsync<TableEntity>(HeartbeatRecorderFunction.PartitionKey, recordedId);
        Assert.Equal(Environment.MachineName, row.Value.GetString("Source"));
        Assert.NotNull(row.Value.GetDateTimeOffset("Time"));
    }

    [Fact]
    public async Task Start_up_fails_when_a_function_json_file_has_drifted_from_the_code()
    {
        FunctionAppDirectory.Write(_scriptRoot, GatewayFunctionCatalog.Default);
        File.Copy(Path.Combine(AppContext.BaseDirectory, FunctionScriptRoot.HostJsonFileName), Path.Combine(_scriptRoot, FunctionScriptRoot.HostJsonFileName));
        var timer = Path.Combine(_scriptRoot, HeartbeatTimerFunction.FunctionName, FunctionJson.FileName);
        File.WriteAllText(timer, File.ReadAllText(timer).Replace("gateway-heartbeat", "renamed-queue", StringComparison.Ordinal));
        await using var app = FunctionsTestApp.Build(new CapturedLogs(),
            [("AzureWebJobsStorage", azurite.ConnectionString), ("urls", "http://127.0.0.1:0"), (FunctionScriptRoot.SettingName, _scriptRoot)]);

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => app.StartAsync());

        Assert.Contains("HeartbeatTimer/function.json differs", error.Message, StringComparison.Ordinal);
        Assert.Contains(FunctionAppDirectory.RegenerateCommand, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_fails_naming_the_setting_when_the_heartbeat_schedule_is_not_configured()
    {
        await using var app = FunctionsTestApp.Build(new CapturedLogs(),
            [("AzureWebJobsStorage", azurite.ConnectionString), ("urls", "http://127.0.0.1:0"), (HeartbeatTimerFunction.ScheduleSetting, "")]);

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => app.StartAsync());

        Assert.Contains("'HeartbeatSchedule'", error.Message, StringComparison.Ordinal);
        Assert.Contains("HeartbeatTimer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_up_fails_when_the_schedule_is_not_six_field_ncrontab()
    {
        await using var app = FunctionsTestApp.Build(new CapturedLogs(),
            [("AzureWebJobsStorage", azurite.ConnectionString), ("urls", "http://127.0.0.1:0"), (HeartbeatTimerFunction.ScheduleSetting, "*/5 * * * *")]);

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => app.StartAsync());

        Assert.Contains("six-field NCRONTAB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_disabled_by_the_hosts_setting_needs_none_of_its_settings()
    {
        await using var app = await FunctionsTestApp.StartStandaloneAsync(azurite,
            ("AzureWebJobs.HeartbeatTimer.Disabled", "true"), (HeartbeatTimerFunction.ScheduleSetting, ""));

        var disabled = Assert.Single(app.Logs.WithEventId(3101));
        Assert.Equal(HeartbeatTimerFunction.FunctionName, disabled.Property("FunctionName"));
        await Eventually.TrueAsync(
            () => app.Logs.WithEventId(3102).Any(log => log.Property("FunctionName") == HeartbeatRecorderFunction.FunctionName),
            because: "The queue function did not start listening.");
        Assert.DoesNotContain(app.Logs.WithEventId(3103), log => log.Property("FunctionName") == HeartbeatTimerFunction.FunctionName);
    }

    public void Dispose() => Directory.Delete(_scriptRoot, recursive: true);
}
