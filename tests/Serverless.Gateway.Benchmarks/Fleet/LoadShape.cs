namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>How a scenario's requests spread over its keys and over time.</summary>
public enum LoadShape
{
    /// <summary>Every key at a constant rate: even keys four times the odd ones' rate, so some run above their limit and some below.</summary>
    Steady,

    /// <summary>The steady rates, but each key sends 2.5 times its rate for one second in four and half of it the other three, at its own phase.</summary>
    Bursty,

    /// <summary>Zipf-like popularity: key k's share is proportional to 1 / (k + 1), so a few keys run far above their limit and most far below.</summary>
    Skewed,
}
