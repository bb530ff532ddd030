using Serverless.Gateway.Benchmarks.Load;

namespace Serverless.Gateway.Benchmarks.Profile;

/// <summary>One target's recording: the wrk run it was taken under and where the process's CPU time per request went.</summary>
/// <param name="Id">One of <see cref="LoadTargetIds"/>: <see cref="LoadTargetIds.Yarp"/>, <see cref="LoadTargetIds.GatewayPoliciesOff"/>, <see cref="LoadTargetIds.GatewayPoliciesOn"/>.</param>
public sealed record ProfiledTarget(string Id, string Name, WrkResult Wrk, CpuProfile Profile);
