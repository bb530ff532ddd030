using Serverless.Gateway.Cli;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Cli;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class ConfigCommandTests(AzuriteFixture azurite) : IDisposable
{
    private const string ShopOnA = """{ "Gateway": { "Routes": { "shop": { "Path": "/shop/{**rest}", "Backend": "a" } } }, "RateLimiting": { "Policies": { "tight": { "Limit": 100 } } } }""";
    private const string ShopOnB = """{ "Gateway": { "Routes": { "shop": { "Path": "/shop/{**rest}", "Backend": "b" } } }, "RateLimiting": { "Policies": { "tight": { "Limit": 2 } } } }""";

    private readonly string _table = "CliRev" + Guid.NewGuid().ToString("N")[..10];
    private readonly string _directory = Directory.CreateTempSubdirectory("config-command-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exitCode = await GatewayCli.RunAsync(args, output, output, new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ConfigurationRevisions:Table"] = _table,
            ["Auth:ApiKeys:Table"] = _table + "Keys",
            ["RateLimiting:Plans:basic:DailyQuota"] = "1000",
            ["Gateway:Backends:a:Destinations:d"] = "http://127.0.0.1:5001",
            ["Gateway:Backends:b:Destinations:d"] = "http://127.0.0.1:5002",
        });
        return (exitCode, output.ToString());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Validate_checks_a_document_and_shows_every_setting_it_would_set_while_nothing_is_live()
    {
        var (exitCode, output) = await RunAsync("config", "validate", Write("shop.json", ShopOnA));

        Assert.Equal(0, exitCode);
        Assert.Contains("shop.json is valid.", output, StringComparison.Ordinal);
        Assert.Contains("No revision is live yet; publishing it would set:", output, StringComparison.Ordinal);
        Assert.Contains("  + Gateway:Routes:shop:Backend = a", output, StringComparison.Ordinal);
        Assert.Contains("  + RateLimiting:Policies:tight:Limit = 100", output, StringComparison.Ordinal);
        Assert.Contains("No revision has been published", (await RunAsync("config", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_makes_the_next_revision_live_and_validate_then_diffs_against_it()
    {
        var (published, publishOutput) = await RunAsync("config", "publish", Write("a.json", ShopOnA), "--message", "shop on a");
        var (validated, diff) = await RunAsync("config", "validate", Write("b.json", ShopOnB));
        var (_, second) = await RunAsync("config", "publish", Write("b.json", ShopOnB), "-m", "shop on b, tighter");
        var (again, againOutput) = await RunAsync("config", "publish", Write("b.json", ShopOnB));
        var (_, list) = await RunAsync("config", "list");

        Assert.Equal((0, 0, 0), (published, validated, again));
        Assert.StartsWith("Published revision 1; it is live.", publishOutput, StringComparison.Ordinal);
        Assert.Contains("Against live revision 1:", diff, StringComparison.Ordinal);
        Assert.Contains("  ~ Gateway:Routes:shop:Backend: a -> b", diff, StringComparison.Ordinal);
        Assert.Contains("  ~ RateLimiting:Policies:tight:Limit: 100 -> 2", diff, StringComparison.Ordinal);
        Assert.StartsWith("Published revision 2; it is live.", second, StringComparison.Ordinal);
        Assert.Equal("Revision 2, which is live, already holds these settings; nothing was published.", againOutput.Trim());
        var lines = list.Trim().Split('\n');
        Assert.StartsWith("REVISION  LIVE  PUBLISHED", lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^2 +live +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +\S+@\S+ \(OS user\) +shop on b, tighter$", lines[1]);
        Assert.Matches(@"^1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +\S+@\S+ \(OS user\) +shop on a$", lines[2]);
    }

    [Fact]
    public async Task Rollback_publishes_a_copy_of_an_earlier_revision_as_the_next_one()
    {
        await RunAsync("config", "publish", Write("a.json", ShopOnA));
        await RunAsync("config", "publish", Write("b.json", ShopOnB));

        var (exitCode, output) = await RunAsync("config", "rollback", "1");
        var (_, diff) = await RunAsync("config", "validate", Write("a.json", ShopOnA));
        var (_, list) = await RunAsync("config", "list");
        var (live, liveOutput) = await RunAsync("config", "rollback", "3");

        Assert.Equal(0, exitCode);
        Assert.Equal("Published revision 3, a copy of revision 1; it is live.", output.Trim());
        Assert.Contains("It holds the same settings as live revision 3.", diff, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^3 +live .*rollback to revision 1$", list);
        Assert.Equal(0, live);
        Assert.Equal("Revision 3 is live already; nothing was published.", liveOutput.Trim());
    }

    [Fact]
    public async Task An_invalid_document_is_refused_with_one_line_per_problem_and_nothing_is_published()
    {
        var path = Write("bad.json", """{ "Gateway": { "Routes": { "shop": { "Path": "/shop", "Backend": "c", "RateLimitPolicy": "none-such" } } } }""");

        var (validated, validateOutput) = await RunAsync("config", "validate", path);
        var (published, publishOutput) = await RunAsync("config", "publish", path);

        Assert.Equal((1, 1), (validated, published));
        Assert.StartsWith($"error: {path} is invalid (2 problems); nothing was published:", validateOutput, StringComparison.Ordinal);
        Assert.Contains("  - Gateway:Routes:shop:Backend: backend 'c' is not defined", validateOutput, StringComparison.Ordinal);
        Assert.Contains("  - Gateway:Routes:shop:RateLimitPolicy:", publishOutput, StringComparison.Ordinal);
        Assert.Contains("No revision has been published", (await RunAsync("config", "list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_are_created_on_the_plans_of_the_live_revision_where_it_holds_plans()
    {
        var (before, beforeOutput) = await RunAsync("keys", "create", "--tenant", "contoso", "--plan", "gold");
        await RunAsync("config", "publish", Write("plans.json", """{ "RateLimiting": { "Policies": { "gold": { "Limit": 50 } }, "Plans": { "gold": { "RateLimitPolicy": "gold" } } } }"""));

        var (gold, goldOutput) = await RunAsync("keys", "create", "--tenant", "contoso", "--plan", "gold");
        var (basic, basicOutput) = await RunAsync("keys", "create", "--tenant", "contoso", "--plan", "basic");

        Assert.Equal((1, 0, 1), (before, gold, basic));
        Assert.StartsWith("error: plan 'gold' is not configured under RateLimiting:Plans (configured: basic)", beforeOutput, StringComparison.Ordinal);
        Assert.StartsWith("Created API key", goldOutput, StringComparison.Ordinal);
        Assert.StartsWith("error: plan 'basic' is not configured under RateLimiting:Plans (configured: gold)", basicOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("publish")]
    public async Task A_missing_file_is_a_one_line_error(string command)
    {
        var path = Path.Combine(_directory, "missing.json");

        var (exitCode, output) = await RunAsync("config", command, path);

        Assert.Equal(1, exitCode);
        Assert.Equal($"error: file '{path}' does not exist.", output.Trim());
    }

    [Fact]
    public async Task A_file_that_is_not_json_is_a_one_line_error_with_line_and_column()
    {
        var path = Write("broken.json", "{\n  \"Gateway\": {\n    \"Routes\": { ]\n  }\n}");

        var (exitCode, output) = await RunAsync("config", "publish", path);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: {path}:3:17: ", output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_section_that_cannot_be_published_is_a_one_line_error()
    {
        var path = Write("secrets.json", """{ "AzureWebJobsStorage": "UseDevelopmentStorage=true", "Gateway": { "Routes": {} } }""");

        var (exitCode, output) = await RunAsync("config", "validate", path);

        Assert.Equal(1, exitCode);
        Assert.StartsWith($"error: {path}: AzureWebJobsStorage cannot be published", output, StringComparison.Ordinal);
        Assert.Single(output.Trim().Split('\n'));
    }

    [Fact]
    public async Task Rolling_back_to_an_unknown_revision_is_a_one_line_error()
    {
        var (none, noneOutput) = await RunAsync("config", "rollback", "1");
        await RunAsync("config", "publish", Write("a.json", ShopOnA));
        var (unknown, unknownOutput) = await RunAsync("config", "rollback", "7");
        var (notNumber, notNumberOutput) = await RunAsync("config", "rollback", "latest");

        Assert.Equal((1, 1, 2), (none, unknown, notNumber));
        Assert.Equal("error: revision 1 does not exist: no revision has been published.", noneOutput.Trim());
        Assert.Equal("error: revision 7 does not exist (revisions are 1 to 1).", unknownOutput.Trim());
        Assert.StartsWith("error: ", notNumberOutput, StringComparison.Ordinal);
        Assert.Contains("config rollback --help", notNumberOutput, StringComparison.Ordinal);
    }
}
