using Microsoft.AspNetCore.Http.HttpResults;

namespace Serverless.Gateway.Orders;

/// <summary>What a command does to an order: change it, refuse with a problem, or nothing because it is already done.</summary>
public sealed record CommandDecision(Action<OrderSagaState>? Change, ProblemHttpResult? Problem)
{
    public static CommandDecision AlreadyDone { get; } = new(null, null);

    public static CommandDecision Apply(Action<OrderSagaState> change) => new(change, null);

    public static CommandDecision Refuse(ProblemHttpResult problem) => new(null, problem);
}
