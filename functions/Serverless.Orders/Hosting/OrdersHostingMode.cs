namespace Serverless.Orders.Hosting;

/// <summary>The two ways the one executable runs: as the Functions host's isolated worker, or on its own.</summary>
public enum OrdersHostingMode
{
    /// <summary>On its own (the local run, tests, a container): ASP.NET Core serves the API and a Durable Task sidecar runs the saga.</summary>
    Standalone,

    /// <summary>Started by the Functions host as a .NET isolated worker: Durable Functions runs the saga.</summary>
    FunctionsHost,
}
