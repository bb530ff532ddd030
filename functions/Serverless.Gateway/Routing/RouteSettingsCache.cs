using System.Runtime.CompilerServices;
using System.Text.Json;
using Yarp.ReverseProxy.Configuration;

namespace Serverless.Gateway.Routing;

/// <summary>
/// Turns a route's settings, carried as JSON in its metadata under one key, into what a request needs, once per route
/// configuration object: YARP hands out the same <see cref="RouteConfig"/> until the route changes, and a changed
/// setting changes the metadata, so it makes a new object. A route without the key costs one dictionary lookup.
/// </summary>
/// <typeparam name="TSettings">The settings class the metadata holds as JSON.</typeparam>
/// <typeparam name="TResult">What the settings are turned into; null when they ask for nothing.</typeparam>
public sealed class RouteSettingsCache<TSettings, TResult>
    where TResult : class
{
    private readonly string _metadataKey;
    private readonly ConditionalWeakTable<RouteConfig, TResult?> _cache = [];

    // Held once: a method group passed per call would allocate a delegate on every request.
    private readonly ConditionalWeakTable<RouteConfig, TResult?>.CreateValueCallback _create;

    public RouteSettingsCache(string metadataKey, Func<RouteConfig, TSettings, TResult?> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _metadataKey = metadataKey;
        _create = route => create(route, JsonSerializer.Deserialize<TSettings>(route.Metadata![metadataKey])
            ?? throw new InvalidOperationException($"Route '{route.RouteId}' carries no settings under '{metadataKey}'."));
    }

    /// <summary>What the route's settings make, or null when the route has none.</summary>
    public TResult? Resolve(RouteConfig route) =>
        route.Metadata?.ContainsKey(_metadataKey) == true ? _cache.GetValue(route, _create) : null;
}
