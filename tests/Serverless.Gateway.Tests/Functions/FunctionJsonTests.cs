using System.Text.Json.Nodes;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Hosting;

namespace Serverless.Gateway.Tests.Functions;

public sealed class FunctionJsonTests
{
    [Fact]
    public void Gateway_function_is_exactly_the_catch_all_http_proxy_the_host_needs()
    {
        var expected = JsonNode.Parse("""
            {
              "bindings": [
                {
                  "type": "httpTrigger",
                  "direction": "in",
                  "name": "req",
                  "authLevel": "anonymous",
                  "methods": ["get", "post", "put", "patch", "delete", "head", "options"],
                  "route": "{*path}"
                },
                { "type": "http", "direction": "out", "name": "res" }
              ]
            }
            """);

        var generated = JsonNode.Parse(FunctionJson.Serialize(GatewayHttpFunction.Descriptor));

        Assert.True(JsonNode.DeepEquals(expected, generated), generated!.ToJsonString());
    }

    [Fact]
    public void Generated_files_are_indented_with_camel_case_keys_in_a_fixed_order()
    {
        var text = FunctionJson.Serialize(GatewayFunctionCatalog.Default.Find("HeartbeatTimer")!);

        Assert.Equal("""
            {
              "bindings": [
                {
                  "type": "timerTrigger",
                  "direction": "in",
                  "name": "timer",
                  "schedule": "%HeartbeatSchedule%"
                },
                {
                  "type": "queue",
                  "direction": "out",
                  "name": "heartbeat",
                  "queueName": "gateway-heartbeat",
                  "connection": "AzureWebJobsStorage"
                }
              ]
            }

            """.ReplaceLineEndings("\n"), text);
    }

    [Fact]
    public void Parsing_a_generated_file_gives_back_the_same_function()
    {
        foreach (var function in GatewayFunctionCatalog.Default.Functions)
        {
            var text = FunctionJson.Serialize(function);

            var parsed = FunctionJson.Parse(function.Name, text);

            Assert.Equal(text, FunctionJson.Serialize(parsed));
            Assert.Equal(function.Trigger.Type, parsed.Trigger.Type);
        }
    }

    [Theory]
    [InlineData("{}", "no 'bindings' array")]
    [InlineData("""{ "bindings": [ { "type": "queueTrigger", "name": "m" } ] }""", "direction")]
    [InlineData("""{ "bindings": [ { "type": "queue", "direction": "out", "name": "m" } ] }""", "exactly one trigger")]
    public void Parsing_rejects_files_the_host_could_not_run(string json, string expected)
    {
        var error = Record.Exception(() => FunctionJson.Parse("Broken", json));

        Assert.NotNull(error);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
