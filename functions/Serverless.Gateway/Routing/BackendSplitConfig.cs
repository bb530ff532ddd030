namespace Serverless.Gateway.Routing;

/// <summary>A backend's groups and split settings as they travel in YARP cluster metadata (<see cref="YarpConfigMapper.SplitMetadata"/>).</summary>
public sealed record BackendSplitConfig(Dictionary<string, BackendGroupOptions> Groups, BackendSplitOptions Split);
