using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>The <c>queue</c> output binding: one Storage queue message per element, the queue created on first use as the host does.</summary>
internal sealed class QueueOutputBinder(QueueClientProvider queues) : IOutputBinder
{
    public string BindingType => FunctionBinding.QueueType;

    public async Task WriteAsync(FunctionBinding binding, IReadOnlyList<JsonElement> messages, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(binding.GetString("connection"), binding.GetRequiredString("queueName"));
        foreach (var message in messages)
        {
            // Strings are sent as their text, everything else as JSON, which is how the host writes custom-handler outputs.
            var text = message.ValueKind == JsonValueKind.String ? message.GetString()! : message.GetRawText();
            await SendAsync(queue, text, cancellationToken);
        }
    }

    private static async Task SendAsync(QueueClient queue, string text, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendMessageAsync(text, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == QueueErrorCode.QueueNotFound)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(text, cancellationToken);
        }
    }
}
