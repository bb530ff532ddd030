using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Serverless.Gateway.Functions;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Heartbeat;

/// <summary>
/// Proves the queue trigger: records each heartbeat in the <c>GatewayHeartbeats</c> table. The upsert is keyed by the
/// message id, so a redelivered message leaves the same row; a malformed message fails every delivery and ends in
/// <c>gateway-heartbeat-poison</c>.
/// </summary>
public sealed class HeartbeatRecorderFunction : IFunctionHandler
{
    public const string FunctionName = "HeartbeatRecorder";
    public const string TriggerBinding = "message";
    public const string TableName = "GatewayHeartbeats";
    public const string PartitionKey = "heartbeat";

    private readonly Lazy<TableClient> _table;
    private readonly ILogger<HeartbeatRecorderFunction> _logger;

    public HeartbeatRecorderFunction(IServiceProvider services, ILogger<HeartbeatRecorderFunction> logger)
    {
        // Storage is resolved on first use, so a gateway without AzureWebJobsStorage (a pure proxy) still starts.
        _table = new Lazy<TableClient>(() => services.GetRequiredService<StorageClients>().Tables.GetTableClient(TableName));
        _logger = logger;
    }

    public static FunctionDescriptor Descriptor { get; } = new(FunctionName,
    [
        FunctionBinding.QueueTrigger(TriggerBinding, HeartbeatTimerFunction.QueueName, StorageClientFactory.DefaultConnectionName),
    ]);

    public string Name => FunctionName;

    public async ValueTask<FunctionResult> InvokeAsync(FunctionInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var heartbeat = HeartbeatMessage.Parse(invocation.Data.GetRequired(TriggerBinding));
        var entity = new TableEntity(PartitionKey, heartbeat.Id)
        {
            ["Time"] = heartbeat.Time,
            ["Source"] = heartbeat.Source,
        };
        try
        {
            await _table.Value.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == TableErrorCode.TableNotFound)
        {
            await _table.Value.CreateIfNotExistsAsync(cancellationToken);
            await _table.Value.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }

        var dequeueCount = invocation.Metadata.GetInt32("DequeueCount") ?? 0;
        _logger.Recorded(heartbeat.Id, heartbeat.Source, dequeueCount);
        return new FunctionResult { Logs = [$"Recorded heartbeat {heartbeat.Id}."] };
    }
}
