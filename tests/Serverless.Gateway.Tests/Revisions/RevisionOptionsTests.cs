using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Tests.Revisions;

public sealed class RevisionOptionsTests
{
    [Theory]
    [InlineData("--ConfigurationRevisions:Enabled=true", "ConfigurationRevisions:Enabled: revisions live in the storage account, and AzureWebJobsStorage is not configured.")]
    [InlineData("--ConfigurationRevisions:PollInterval=00:00:00.010", "ConfigurationRevisions:PollInterval: must be between 00:00:00.100 and 00:10:00.")]
    [InlineData("--ConfigurationRevisions:Table=1st", "ConfigurationRevisions:Table: '1st' is not a table name (a letter, then 2 to 62 letters or digits).")]
    [InlineData("--ConfigurationRevisions:PollIntervall=00:00:05", "ConfigurationRevisions:PollIntervall: unknown key 'PollIntervall' (did you mean 'PollInterval'?)")]
    public async Task A_bad_revisions_setting_stops_start_up_naming_the_key(string setting, string expected)
    {
        using var error = new StringWriter();

        var exitCode = await GatewayProgram.RunAsync(["--urls=http://127.0.0.1:0", setting], error, configure: null);

        Assert.Equal(GatewayProgram.InvalidConfigurationExitCode, exitCode);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}
