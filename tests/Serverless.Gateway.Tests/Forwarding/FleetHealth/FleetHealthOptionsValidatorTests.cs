using Microsoft.Extensions.Configuration;
using Serverless.Gateway.Forwarding.FleetHealth;

namespace Serverless.Gateway.Tests.Forwarding.FleetHealth;

public sealed class FleetHealthOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.True(Validate(new FleetHealthOptions(), storage: false).Succeeded);
    }

    [Fact]
    public void Each_bad_setting_is_one_line_naming_its_key()
    {
        var result = Validate(new FleetHealthOptions
        {
            SyncInterval = TimeSpan.FromMilliseconds(10),
            Window = TimeSpan.FromDays(1),
            StorageTimeout = TimeSpan.Zero,
            Probers = 0,
            Table = "fleet-health",
        }, storage: true);

        Assert.Equal(
            ["FleetHealth:SyncInterval:", "FleetHealth:Window:", "FleetHealth:StorageTimeout:", "FleetHealth:Probers:", "FleetHealth:Table:"],
            result.Failures!.Select(failure => failure[..(failure.IndexOf(": ", StringComparison.Ordinal) + 1)]));
        Assert.All(result.Failures!, failure => Assert.DoesNotContain('\n', failure));
    }

    [Fact]
    public void Enabled_without_storage_configured_is_an_error_and_unset_is_not()
    {
        var error = Assert.Single(Validate(new FleetHealthOptions { Enabled = true }, storage: false).Failures!);

        Assert.StartsWith("FleetHealth:Enabled: is true but the storage connection 'AzureWebJobsStorage' is not configured", error, StringComparison.Ordinal);
        Assert.True(Validate(new FleetHealthOptions { Enabled = true }, storage: true).Succeeded);
    }

    [Fact]
    public void Sharing_is_on_by_default_only_where_storage_is_configured()
    {
        Assert.True(new FleetHealthActivation(Microsoft.Extensions.Options.Options.Create(new FleetHealthOptions()), Configuration(storage: true)).IsActive);
        Assert.False(new FleetHealthActivation(Microsoft.Extensions.Options.Options.Create(new FleetHealthOptions()), Configuration(storage: false)).IsActive);
        Assert.False(new FleetHealthActivation(Microsoft.Extensions.Options.Options.Create(new FleetHealthOptions { Enabled = false }), Configuration(storage: true)).IsActive);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(FleetHealthOptions options, bool storage) =>
        new FleetHealthOptionsValidator(Configuration(storage)).Validate(null, options);

    private static IConfiguration Configuration(bool storage) => new ConfigurationBuilder()
        .AddInMemoryCollection(storage ? new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" } : [])
        .Build();
}
