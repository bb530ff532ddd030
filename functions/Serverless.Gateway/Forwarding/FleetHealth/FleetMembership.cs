using Microsoft.Extensions.Options;

namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>
/// This instance's id and the live instances it last read, which decide the destinations it probes and judges. Alone
/// (before the first read, or while storage is unavailable) it is the prober of every destination: the shared path
/// degrades to judging locally what it sees.
/// </summary>
internal sealed class FleetMembership(IOptions<FleetHealthOptions> options)
{
    private volatile string[] _instances = [];
    private volatile bool _shared;
    private volatile bool _storageFailing;

    /// <summary>This process: its machine name and a random suffix, as every process is a new instance.</summary>
    public string InstanceId { get; } = CreateInstanceId();

    /// <summary>Live instances at the last presence read, this one included; 1 when alone.</summary>
    public int Instances => _shared ? Math.Max(1, _instances.Length) : 1;

    /// <summary>False before the first successful round and while storage is unavailable: judging alone.</summary>
    public bool IsShared => _shared;

    public void Update(IEnumerable<string> liveInstances)
    {
        _instances = [.. liveInstances.Append(InstanceId).Distinct(StringComparer.Ordinal)];
    }

    public void SetShared(bool shared)
    {
        _shared = shared;
        _storageFailing = !shared;
    }

    /// <summary>True from a failed round until a successful one; false before the first round, which is not a failure.</summary>
    public bool IsStorageFailing => _storageFailing;

    /// <summary>Whether this instance probes and judges the destination for the fleet.</summary>
    public bool IsProber(string backend, string destination) =>
        !_shared || Rendezvous.IsAmongTop(InstanceId, _instances, backend, destination, options.Value.Probers);

    private static string CreateInstanceId()
    {
        var machine = new string([.. Environment.MachineName.Where(char.IsAsciiLetterOrDigit).Take(24)]);
        return $"{(machine.Length == 0 ? "instance" : machine)}-{Guid.NewGuid().ToString("N")[..12]}";
    }
}
