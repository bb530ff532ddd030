using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;

namespace Serverless.Orders.Events;

/// <summary>
/// A Functions-style Service Bus connection setting: a connection string, or <c>__fullyQualifiedNamespace</c> with
/// <c>__credential=managedidentity</c> and <c>__clientId</c> (identity-based, as in Azure).
/// </summary>
internal static class ServiceBusConnection
{
    public static ServiceBusClient CreateClient(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection(name);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new ServiceBusClient(section.Value);
        }

        var fullyQualifiedNamespace = section["fullyQualifiedNamespace"];
        if (string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
        {
            throw new InvalidOperationException(
                $"Service Bus connection '{name}' is not configured: set '{name}__fullyQualifiedNamespace' (identity-based) or '{name}' to a connection string.");
        }

        TokenCredential credential = string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(section["clientId"] is { Length: > 0 } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
        return new ServiceBusClient(fullyQualifiedNamespace, credential);
    }
}
