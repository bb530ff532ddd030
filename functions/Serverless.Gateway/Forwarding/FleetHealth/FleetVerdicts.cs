using System.Collections.Concurrent;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>The fleet verdict in force on this instance for each destination; none means the fleet has nothing against it.</summary>
internal sealed class FleetVerdicts
{
    private readonly ConcurrentDictionary<(string Backend, string Destination), FleetVerdict> _verdicts = new();

    public FleetVerdict? Get(string backend, string destination) => _verdicts.GetValueOrDefault((backend, destination));

    /// <summary>Whether the fleet keeps the destination out of the rotation.</summary>
    public bool IsOut(string backend, string destination) =>
        _verdicts.TryGetValue((backend, destination), out var verdict) && !verdict.InRotation;

    /// <summary>Puts <paramref name="verdict"/> in force (null clears it) and returns the one it replaced.</summary>
    public FleetVerdict? Set(string backend, string destination, FleetVerdict? verdict)
    {
        FleetVerdict? previous;
        if (verdict is null)
        {
            _verdicts.TryRemove((backend, destination), out previous);
        }
        else
        {
            previous = null;
            _verdicts.AddOrUpdate((backend, destination), verdict, (_, old) =>
            {
                previous = old;
                return verdict;
            });
        }

        return previous;
    }

    public IReadOnlyList<(string Backend, string Destination, FleetVerdict Verdict)> All =>
        [.. _verdicts.Select(static pair => (pair.Key.Backend, pair.Key.Destination, pair.Value))];
}
