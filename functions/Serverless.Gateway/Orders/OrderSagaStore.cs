using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Serverless.Gateway.Storage;

namespace Serverless.Gateway.Orders;

/// <summary>
/// Saga state in the <c>OrderSagas</c> table, one partition per order: the <c>saga</c> row, plus one <c>outbox-*</c>
/// row per message a state change caused and that has not been sent yet. A state change and its messages are written
/// in one entity group transaction with If-Match on the saga row; the messages are sent afterwards and their rows
/// deleted. A crash in between leaves the rows, and whoever loads the order next sends them again.
/// </summary>
public sealed class OrderSagaStore(StorageClients storage)
{
    public const string TableName = "OrderSagas";
    public const string SagaRowKey = "saga";
    private const string OutboxPrefix = "outbox-";

    private readonly LazyTable _table = new(storage, TableName);
    private readonly ConcurrentDictionary<string, Task> _createdQueues = new(StringComparer.Ordinal);

    /// <summary>Stores a new order with its first messages; when the order already exists returns it unchanged instead.</summary>
    public async Task<OrderSagaState?> CreateAsync(OrderSagaState state, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await TableAsync(cancellationToken);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(state)) };
        actions.AddRange(messages.Select(message => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(state.OrderId, message))));
        try
        {
            await PartitionTransaction.SubmitAsync(table, actions, cancellationToken);
            return null;
        }
        catch (TableTransactionFailedException exception) when (exception.Status == StatusCodes.Status409Conflict)
        {
            return await GetAsync(state.OrderId, cancellationToken)
                ?? throw new InvalidOperationException($"Order '{state.OrderId}' conflicted on insert but cannot be read.", exception);
        }
    }

    public async Task<OrderSagaState?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(orderId, SagaRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>The whole partition in one query: the state with its ETag, and any messages still waiting to be sent.</summary>
    public async Task<StoredSaga?> LoadAsync(string orderId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken);
        TableEntity? saga = null;
        var pending = new List<OutboxMessage>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == orderId, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == SagaRowKey)
            {
                saga = entity;
            }
            else if (entity.RowKey.StartsWith(OutboxPrefix, StringComparison.Ordinal))
            {
                pending.Add(new OutboxMessage(entity.GetString("Queue"), entity.GetString("Body"), entity.GetDateTimeOffset("VisibleAt") ?? DateTimeOffset.MinValue) { RowKey = entity.RowKey, StoredAt = entity.Timestamp });
            }
        }

        return saga is null ? null : new StoredSaga(FromEntity(saga), saga.ETag, pending);
    }

    /// <summary>Writes a state change and its messages together; returns the new ETag, or null when someone else changed the order first.</summary>
    public async Task<ETag?> CommitAsync(OrderSagaState state, ETag etag, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await TableAsync(cancellationToken);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, ToEntity(state), etag) };
        actions.AddRange(messages.Select(message => new TableTransactionAction(TableTransactionActionType.Add, ToEntity(state.OrderId, message))));
        try
        {
            var response = await PartitionTransaction.SubmitAsync(table, actions, cancellationToken);
            return response.Value[0].Headers.ETag ?? throw new InvalidOperationException("Table Storage returned no ETag for the updated saga.");
        }
        catch (TableTransactionFailedException exception) when (exception.Status is StatusCodes.Status412PreconditionFailed or StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Hands the saga to a new driver and wakes it at once, after a change made from outside the saga (a cancel, an
    /// operator's retry, the sweeper). Any driver still at work loses its next If-Match and stops. False when someone
    /// else changed the order first.
    /// </summary>
    public async Task<bool> WakeAsync(StoredSaga stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var state = stored.State;
        state.Driver = OrderIds.New();
        state.NextAttemptAt = null;
        state.UpdatedAt = now;
        OutboxMessage[] wake = [OutboxMessage.Wake(state.OrderId, state.Driver, now)];
        if (await CommitAsync(state, stored.ETag, wake, cancellationToken) is null)
        {
            return false;
        }

        await DispatchAsync(state.OrderId, [.. stored.Pending, .. wake], now, cancellationToken);
        return true;
    }

    /// <summary>
    /// Sends stored messages, each delayed until its <see cref="OutboxMessage.VisibleAt"/>, then deletes their rows. Sending
    /// twice is harmless: saga messages are checked against the state, and events carry ids consumers de-duplicate by.
    /// </summary>
    public async Task DispatchAsync(string orderId, IReadOnlyList<OutboxMessage> messages, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await Task.WhenAll(messages.Select(message => SendAsync(message.Queue, message.Body, message.VisibleAt - now, cancellationToken)));

        var table = await TableAsync(cancellationToken);
        var deletes = messages.Select(message => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(orderId, message.RowKey), ETag.All)).ToList();
        try
        {
            await PartitionTransaction.SubmitAsync(table, deletes, cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status == StatusCodes.Status404NotFound)
        {
            // A concurrent dispatcher deleted some rows first; one missing row fails the whole batch, so go one by one.
            foreach (var message in messages)
            {
                await table.DeleteEntityAsync(orderId, message.RowKey, ETag.All, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Sends a message straight to a queue, delayed by up to seven days; messages never expire. The service counts the
    /// delay in whole seconds and drops the fraction, so it is rounded up: a retry is never due before its time.
    /// </summary>
    public async Task<SendReceipt> SendAsync(string queueName, string body, TimeSpan delay, CancellationToken cancellationToken)
    {
        var queue = await QueueAsync(queueName, cancellationToken);
        TimeSpan? visibility = delay <= TimeSpan.Zero ? null
            : delay < MaxVisibilityDelay ? TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds))
            : MaxVisibilityDelay;
        return await queue.SendMessageAsync(body, visibility, TimeSpan.FromSeconds(-1), cancellationToken);
    }

    /// <summary>The longest delay a Storage queue message can have.</summary>
    private static readonly TimeSpan MaxVisibilityDelay = TimeSpan.FromDays(7);

    private ValueTask<TableClient> TableAsync(CancellationToken cancellationToken) => _table.GetAsync(cancellationToken);

    private async Task<QueueClient> QueueAsync(string name, CancellationToken cancellationToken)
    {
        var queue = storage.Queues.GetQueueClient(name);
        await EnsureCreatedAsync(name, () => queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        return queue;
    }

    private async Task EnsureCreatedAsync(string key, Func<Task> create)
    {
        var task = _createdQueues.GetOrAdd(key, _ => create());
        try
        {
            await task;
        }
        catch
        {
            // A failed creation (storage down) must be tried again next time, not remembered.
            _createdQueues.TryRemove(KeyValuePair.Create(key, task));
            throw;
        }
    }

    private static TableEntity ToEntity(OrderSagaState state) => new(state.OrderId, SagaRowKey)
    {
        ["Tenant"] = state.Tenant,
        ["Status"] = state.Status.ToString(),
        ["Reason"] = state.Reason,
        ["CancelRequested"] = state.CancelRequested,
        ["Driver"] = state.Driver,
        ["CreatedAt"] = state.CreatedAt,
        ["UpdatedAt"] = state.UpdatedAt,
        ["Deadline"] = state.Deadline,
        ["NextAttemptAt"] = state.NextAttemptAt,
        ["EventSequence"] = state.EventSequence,
        ["RequestHash"] = state.RequestHash,
        ["Order"] = JsonSerializer.Serialize(state.Order, OrdersJson.Options),
        ["History"] = JsonSerializer.Serialize(state.History, OrdersJson.Options),
        ["TraceParent"] = state.TraceParent,
    };

    private static TableEntity ToEntity(string orderId, OutboxMessage message) => new(orderId, message.RowKey)
    {
        ["Queue"] = message.Queue,
        ["Body"] = message.Body,
        ["VisibleAt"] = message.VisibleAt,
    };

    private static OrderSagaState FromEntity(TableEntity entity) => new()
    {
        OrderId = entity.PartitionKey,
        Tenant = entity.GetString("Tenant"),
        Status = Enum.Parse<OrderStatus>(entity.GetString("Status")),
        Reason = entity.GetString("Reason"),
        CancelRequested = entity.GetBoolean("CancelRequested") ?? false,
        Driver = entity.GetString("Driver"),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
        Deadline = entity.GetDateTimeOffset("Deadline") ?? default,
        NextAttemptAt = entity.GetDateTimeOffset("NextAttemptAt"),
        EventSequence = entity.GetInt64("EventSequence") ?? 0,
        RequestHash = entity.GetString("RequestHash"),
        Order = JsonSerializer.Deserialize<PlacedOrder>(entity.GetString("Order"), OrdersJson.Options)!,
        History = JsonSerializer.Deserialize<List<StepRecord>>(entity.GetString("History"), OrdersJson.Options) ?? [],
        TraceParent = entity.GetString("TraceParent"),
    };
}
