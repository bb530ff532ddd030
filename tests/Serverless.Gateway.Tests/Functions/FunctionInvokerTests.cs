using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Tests.Functions;

public sealed class FunctionInvokerTests
{
    private static readonly FunctionDescriptor Echo = new("Echo",
    [
        FunctionBinding.QueueTrigger("message", "echo-in", "AzureWebJobsStorage"),
        FunctionBinding.QueueOutput("reply", "echo-out", "AzureWebJobsStorage"),
    ]);

    private static readonly FunctionCatalog Catalog = new([GatewayHttpFunction.Descriptor, Echo]);

    [Fact]
    public void A_function_without_a_handler_fails_construction_naming_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new FunctionInvoker(Catalog, [], TimeProvider.System, NullLogger<FunctionInvoker>.Instance));

        Assert.Contains("Echo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handler_for_the_proxied_http_function_is_rejected()
    {
        Assert.Throws<InvalidOperationException>(() => new FunctionInvoker(
            Catalog, [new Handler("Echo", "reply"), new Handler(GatewayHttpFunction.Name, "reply")], TimeProvider.System, NullLogger<FunctionInvoker>.Instance));
    }

    [Fact]
    public async Task Outputs_are_returned_for_declared_bindings()
    {
        var invoker = new FunctionInvoker(Catalog, [new Handler("Echo", "reply")], TimeProvider.System, NullLogger<FunctionInvoker>.Instance);

        var result = await invoker.InvokeAsync(Invocation(), CancellationToken.None);

        Assert.Equal("hi", result.Outputs["reply"].GetString());
    }

    [Fact]
    public async Task An_output_that_names_no_binding_fails_the_invocation()
    {
        var invoker = new FunctionInvoker(Catalog, [new Handler("Echo", "typo")], TimeProvider.System, NullLogger<FunctionInvoker>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => invoker.InvokeAsync(Invocation(), CancellationToken.None).AsTask());

        Assert.Contains("'typo'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_array_output_stands_for_one_message_per_element()
    {
        var array = JsonDocument.Parse("[1, {\"a\": 2}, \"x\"]").RootElement;

        Assert.Equal(3, FunctionResult.Messages(array).Count);
        Assert.Single(FunctionResult.Messages(JsonDocument.Parse("{}").RootElement));
        Assert.Empty(FunctionResult.Messages(JsonDocument.Parse("null").RootElement));
    }

    private static FunctionInvocation Invocation() =>
        new("Echo", Guid.NewGuid().ToString(), JsonDocument.Parse("""{ "message": "hi" }""").RootElement, default);

    /// <summary>A real handler that echoes its message to the named output.</summary>
    private sealed class Handler(string name, string output) : IFunctionHandler
    {
        public string Name => name;

        public ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new FunctionResult
            {
                Outputs = new Dictionary<string, JsonElement> { [output] = JsonSerializer.SerializeToElement(invocation.Data.GetString("message")) },
            });
    }
}
