namespace Serverless.Gateway.Routing;

/// <summary>Sends the listed plans or tenants to one group, whatever the weights say ("free tier first").</summary>
public sealed class SplitTargetOptions
{
    /// <summary>Plans of authenticated callers that go to <see cref="Group"/>.</summary>
    public List<string> Plans { get; set; } = [];

    /// <summary>Tenants of authenticated callers that go to <see cref="Group"/>.</summary>
    public List<string> Tenants { get; set; } = [];

    /// <summary>Required. The group, one of the backend's <c>Groups</c>.</summary>
    public string? Group { get; set; }
}
