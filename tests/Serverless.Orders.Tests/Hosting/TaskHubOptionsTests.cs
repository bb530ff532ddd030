using System.Text.Json.Nodes;
using Serverless.LocalRun.Azurite;
using Serverless.Orders.Hosting;

namespace Serverless.Orders.Tests.Hosting;

public sealed class TaskHubOptionsTests
{
    [Fact]
    public void The_standalone_task_hub_is_the_one_host_json_names_for_durable_functions()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "functions", "Serverless.Orders", "host.json")))!;

        Assert.Equal(new TaskHubOptions().Name, (string?)hostJson["extensions"]?["durableTask"]?["hubName"]);
    }
}
