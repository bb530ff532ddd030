using System.Text.Json;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Serverless.Gateway.Composite;

/// <summary>One part of a composite route, parsed once per route configuration.</summary>
/// <param name="Name">The property the part's answer is merged under.</param>
/// <param name="JsonName">The name, encoded once for the merged object.</param>
/// <param name="Backend">The backend called.</param>
/// <param name="Path">The path template filled from the route's values.</param>
/// <param name="Timeout">How long the part may take.</param>
/// <param name="Required">Whether the route fails without this part.</param>
internal sealed record CompositePart(string Name, JsonEncodedText JsonName, string Backend, RoutePattern Path, TimeSpan Timeout, bool Required);
