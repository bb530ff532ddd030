using System.Text;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Serverless.Gateway.Composite;

/// <summary>Fills a part's path template from the route's values, each value escaped so that it stays within its segment.</summary>
internal static class PartPath
{
    /// <summary>
    /// The path without its leading '/' (relative to the destination's base address), or null when a value is a dot
    /// segment, which would move the call to another path of the backend, or a catch-all holds an empty segment: a path
    /// starting with '//' would name another host, one starting with '/' another base path.
    /// </summary>
    public static string? Fill(RoutePattern template, RouteValueDictionary values)
    {
        var path = new StringBuilder();
        foreach (var segment in template.PathSegments)
        {
            var start = path.Length;
            path.Append('/');
            var filled = false;
            foreach (var part in segment.Parts)
            {
                switch (part)
                {
                    case RoutePatternLiteralPart literal:
                        path.Append(literal.Content);
                        filled = true;
                        break;
                    case RoutePatternSeparatorPart separator:
                        path.Append(separator.Content);
                        break;
                    case RoutePatternParameterPart parameter:
                        var value = values.TryGetValue(parameter.Name, out var raw) ? Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture) : null;
                        if (string.IsNullOrEmpty(value))
                        {
                            break;
                        }

                        if (!Append(path, value, parameter.IsCatchAll))
                        {
                            return null;
                        }

                        filled = true;
                        break;
                }
            }

            // An optional parameter or catch-all without a value leaves no empty segment behind.
            if (!filled)
            {
                path.Length = start;
            }
        }

        return path.Length == 0 ? string.Empty : path.ToString(1, path.Length - 1);
    }

    private static bool Append(StringBuilder path, string value, bool catchAll)
    {
        // A catch-all spans segments: its '/' stay separators, everything else in it is escaped segment by segment.
        var segments = catchAll ? value.Split('/') : [value];
        for (var i = 0; i < segments.Length; i++)
        {
            // A trailing '/' is kept: it does not change where the path leads.
            if (segments[i] is "." or ".." || (segments[i].Length == 0 && i < segments.Length - 1))
            {
                return false;
            }
        }

        path.Append(catchAll ? string.Join('/', segments.Select(Uri.EscapeDataString)) : Uri.EscapeDataString(value));
        return true;
    }
}
