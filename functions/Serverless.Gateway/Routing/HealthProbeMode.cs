namespace Serverless.Gateway.Routing;

/// <summary>
/// Who sends the active health probes of backends with <see cref="HealthProbeOptions.Enabled"/>: YARP on every instance
/// (the default), or a few instances of the fleet chosen by the feature that shares destination health through storage,
/// which then replaces this registration.
/// </summary>
public sealed class HealthProbeMode(bool sharedByFleet)
{
    /// <summary>True when YARP must not probe: the fleet's elected probers do, and share what they find.</summary>
    public bool SharedByFleet { get; } = sharedByFleet;
}
