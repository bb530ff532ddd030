namespace Serverless.Gateway.Routing;

/// <summary>One part of a composite route (<see cref="GatewayRouteOptions.Parts"/>): a backend call whose JSON answer the route merges under the part's name.</summary>
public sealed class RoutePartOptions
{
    /// <summary>Required. The id of the backend in <see cref="GatewayOptions.Backends"/>.</summary>
    public string? Backend { get; set; }

    /// <summary>Required. The path called on the backend, a template filled from the route's values, e.g. <c>/products/{id}</c>.</summary>
    public string? Path { get; set; }

    /// <summary>How long the part may take, the backend's retries included; after that it is missing from the answer. Default 5 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the route fails (502) when this part fails. Default false: the answer goes out without it, marked incomplete.</summary>
    public bool Required { get; set; }
}
