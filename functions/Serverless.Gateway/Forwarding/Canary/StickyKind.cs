namespace Serverless.Gateway.Forwarding.Canary;

/// <summary>What a backend's group assignment sticks to (<c>Split:StickyBy</c>).</summary>
internal enum StickyKind
{
    Tenant,
    ApiKey,
    Subject,
    Header,
}
