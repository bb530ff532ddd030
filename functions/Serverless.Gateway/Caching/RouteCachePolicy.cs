using Serverless.Gateway.Routing;

namespace Serverless.Gateway.Caching;

/// <summary>A route's cache settings, resolved once per route configuration object.</summary>
/// <param name="RouteId">The route.</param>
/// <param name="Options">Its <c>Cache</c> section.</param>
/// <param name="ChecksAuthorization">Whether the route has an <c>AuthPolicy</c>, so the gateway itself checks any credentials.</param>
/// <param name="VariesByOrigin">Whether the route has <c>Cors</c>: its answers name the caller's origin, so the origin is part of the key.</param>
internal sealed record RouteCachePolicy(string RouteId, RouteCacheOptions Options, bool ChecksAuthorization, bool VariesByOrigin);
