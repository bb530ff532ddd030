namespace Serverless.Gateway.Events.Queries;

/// <summary>Order ids, as the orders service issues them: 32 lowercase hex characters.</summary>
public static class OrderIds
{
    public const int Length = 32;

    public static bool IsWellFormed(string? id) =>
        id is { Length: Length } && id.All(static c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
