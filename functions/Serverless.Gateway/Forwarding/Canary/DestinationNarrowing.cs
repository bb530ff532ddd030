using Yarp.ReverseProxy.Model;

namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>
/// The available destinations that belong to one group. YARP hands out the same available-destinations list until
/// health changes, so the filtered list is kept for the last list seen and requests in between allocate nothing.
/// </summary>
internal sealed class DestinationNarrowing(HashSet<string> destinations)
{
    private volatile Filtered? _last;

    public IReadOnlyList<DestinationState> Apply(IReadOnlyList<DestinationState> available)
    {
        if (_last is { } last && ReferenceEquals(last.Source, available))
        {
            return last.Result;
        }

        var result = available.Where(d => destinations.Contains(d.DestinationId)).ToArray();
        _last = new Filtered(available, result);
        return result;
    }

    private sealed record Filtered(IReadOnlyList<DestinationState> Source, DestinationState[] Result);
}
