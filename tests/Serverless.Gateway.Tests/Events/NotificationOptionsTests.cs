using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Gateway.Events.Notifications;

namespace Serverless.Gateway.Tests.Events;

public sealed class NotificationOptionsTests
{
    [Fact]
    public void The_defaults_post_to_hooks_orders_of_the_notifications_backend()
    {
        var options = Bind(new Dictionary<string, string?>());

        Assert.True(options.Enabled);
        Assert.Equal("notifications", options.Backend);
        Assert.Equal("/hooks/orders", options.Path);
    }

    [Theory]
    [InlineData("/hooks/orders")]
    [InlineData("/webhooks/orders?channel=ops")]
    [InlineData("/")]
    public void A_path_starting_with_a_single_slash_is_accepted(string path) =>
        Assert.Equal(path, Bind(new Dictionary<string, string?> { ["Events:Notifications:Path"] = path }).Path);

    [Theory]
    [InlineData("hooks/orders")]
    [InlineData("//elsewhere.example/hooks")]
    [InlineData("https://elsewhere.example/hooks")]
    [InlineData("/hooks orders")]
    [InlineData("/hooks#orders")]
    public void A_path_that_could_leave_the_backend_or_is_not_a_path_fails_validation(string path)
    {
        var exception = Assert.Throws<OptionsValidationException>(() => Bind(new Dictionary<string, string?> { ["Events:Notifications:Path"] = path }));

        Assert.Contains("Path", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_backend_fails_validation() =>
        Assert.Throws<OptionsValidationException>(() => Bind(new Dictionary<string, string?> { ["Events:Notifications:Backend"] = "" }));

    private static NotificationOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddGatewayNotifications();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<NotificationOptions>>().Value;
    }
}
