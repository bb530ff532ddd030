using System.Globalization;

namespace Serverless.Gateway.Benchmarks.Fleet;

/// <summary>
/// <paramref name="Instances"/> instances (picked at random among those serving) join, leave, stall or crash
/// <paramref name="At"/> after the load starts; a stall lasts <paramref name="For"/>.
/// </summary>
public sealed record FleetEvent(TimeSpan At, FleetEventKind Kind, int Instances, TimeSpan For = default)
{
    public override string ToString() => Kind switch
    {
        FleetEventKind.Join => string.Create(CultureInfo.InvariantCulture, $"{Instances} join at {At.TotalSeconds:0} s"),
        FleetEventKind.Leave => string.Create(CultureInfo.InvariantCulture, $"{Instances} leave at {At.TotalSeconds:0} s"),
        FleetEventKind.Stall => string.Create(CultureInfo.InvariantCulture, $"{Instances} stall {For.TotalSeconds:0} s at {At.TotalSeconds:0} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Instances} crash at {At.TotalSeconds:0} s"),
    };
}
