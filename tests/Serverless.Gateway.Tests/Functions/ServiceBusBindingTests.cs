using System.Text.Json.Nodes;
using Serverless.LocalRun.Azurite;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Tests.Functions;

/// <summary>
/// The Service Bus bindings as the host will read them from the committed function.json files: what the Service Bus
/// extension requires, names Service Bus accepts, and an identity-based connection the sample settings declare.
/// </summary>
public sealed class ServiceBusBindingTests
{
    private static readonly string FunctionAppDirectory = Path.Combine(RepositoryRoot.Find(), "functions", "Serverless.Gateway", "FunctionApp");

    public static TheoryData<string, string> ServiceBusBindings()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(FunctionAppDirectory, "function.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (var binding in JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray())
            {
                var type = (string)binding!["type"]!;
                if (type is FunctionBinding.ServiceBusTriggerType)
                {
                    data.Add(Path.GetFileName(Path.GetDirectoryName(file)!), binding.ToJsonString());
                }
            }
        }

        return data;
    }

    [Fact]
    public void The_gateway_only_consumes_the_topic_through_at_least_three_subscriptions()
    {
        var bindings = ServiceBusBindings().Select(row => JsonNode.Parse((string)row[1])!).ToList();

        Assert.All(bindings, b => Assert.Equal("in", (string?)b["direction"]));
        Assert.True(bindings.Count(b => (string)b["type"]! == FunctionBinding.ServiceBusTriggerType) >= 3);
    }

    [Theory]
    [MemberData(nameof(ServiceBusBindings))]
    public void Each_service_bus_binding_names_a_valid_topic_subscription_and_an_identity_based_connection(string function, string json)
    {
        var binding = JsonNode.Parse(json)!;
        var trigger = (string)binding["type"]! == FunctionBinding.ServiceBusTriggerType;

        Assert.Equal(trigger ? "in" : "out", (string)binding["direction"]!);
        Assert.Null(binding["queueName"]);
        Assert.True(IsEntityName((string?)binding["topicName"], 260), $"{function}: topicName");
        if (trigger)
        {
            Assert.True(IsEntityName((string?)binding["subscriptionName"], 50), $"{function}: subscriptionName");
        }

        var connection = (string?)binding["connection"];
        Assert.False(string.IsNullOrEmpty(connection), $"{function}: connection");
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "local.settings.sample.json")))!["Values"]!;
        Assert.NotNull(sample[$"{connection}__fullyQualifiedNamespace"]);
        Assert.Null(sample[connection!]);
    }

    /// <summary>Service Bus entity names: letters, digits, '.', '-' and '_', starting and ending with a letter or digit.</summary>
    private static bool IsEntityName(string? name, int maxLength) =>
        name is { Length: > 0 } && name.Length <= maxLength && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);
}
