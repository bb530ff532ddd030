using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Tests.Functions;
using Serverless.Gateway.Triggers;

namespace Serverless.Gateway.Tests.Triggers;

public sealed class QueueTriggerOptionsTests
{
    [Fact]
    public async Task Settings_come_from_the_host_json_next_to_the_app()
    {
        await using var app = FunctionsTestApp.Build(new CapturedLogs(), [("AzureFunctionsJobHost:extensions:queues:maxPollingInterval", null)]);

        var options = app.Services.GetRequiredService<IOptions<QueueTriggerOptions>>().Value;

        Assert.Equal(5, options.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(10), options.VisibilityTimeout);
        Assert.Equal(16, options.BatchSize);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxPollingInterval);
    }

    [Fact]
    public async Task App_settings_override_host_json_the_way_the_functions_host_allows()
    {
        await using var app = FunctionsTestApp.Build(new CapturedLogs(),
        [
            ("AzureFunctionsJobHost:extensions:queues:visibilityTimeout", "00:00:01"),
            ("AzureFunctionsJobHost:extensions:queues:maxDequeueCount", "2"),
        ]);

        var options = app.Services.GetRequiredService<IOptions<QueueTriggerOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(1), options.VisibilityTimeout);
        Assert.Equal(2, options.MaxDequeueCount);
        Assert.Equal(16, options.BatchSize);
    }

    [Fact]
    public async Task Out_of_range_settings_are_rejected()
    {
        await using var app = FunctionsTestApp.Build(new CapturedLogs(), [("AzureFunctionsJobHost:extensions:queues:batchSize", "64")]);

        Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<QueueTriggerOptions>>().Value);
    }
}
