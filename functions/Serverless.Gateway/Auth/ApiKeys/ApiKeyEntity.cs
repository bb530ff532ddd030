using Azure;
using Azure.Data.Tables;

namespace Serverless.Gateway.Auth.ApiKeys;

/// <summary>Maps <see cref="ApiKeyRecord"/> to and from its table entity.</summary>
public static class ApiKeyEntity
{
    public static TableEntity FromRecord(ApiKeyRecord record)
    {
        var entity = new TableEntity(record.KeyId, "key")
        {
            ["Tenant"] = record.Tenant,
            ["Plan"] = record.Plan,
            ["Scopes"] = string.Join(' ', record.Scopes),
            ["Name"] = record.Name,
            ["CreatedAt"] = record.CreatedAt,
            ["ExpiresAt"] = record.ExpiresAt,
            ["RevokedAt"] = record.RevokedAt,
            ["Salt"] = record.Salt,
            ["SecretHash"] = record.SecretHash,
            ["PreviousSalt"] = record.PreviousSalt,
            ["PreviousSecretHash"] = record.PreviousSecretHash,
            ["PreviousValidUntil"] = record.PreviousValidUntil,
            ["Origins"] = List(record.Origins),
            ["AllowIps"] = List(record.AllowIps),
            ["DenyIps"] = List(record.DenyIps),
        };
        if (record.ETag is not null)
        {
            entity.ETag = new ETag(record.ETag);
        }

        return entity;
    }

    public static ApiKeyRecord ToRecord(TableEntity entity) => new()
    {
        KeyId = entity.PartitionKey,
        Tenant = entity.GetString("Tenant") ?? string.Empty,
        Plan = entity.GetString("Plan") ?? string.Empty,
        Scopes = (entity.GetString("Scopes") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Name = entity.GetString("Name"),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt"),
        RevokedAt = entity.GetDateTimeOffset("RevokedAt"),
        Salt = entity.GetBinary("Salt") ?? [],
        SecretHash = entity.GetBinary("SecretHash") ?? [],
        PreviousSalt = entity.GetBinary("PreviousSalt"),
        PreviousSecretHash = entity.GetBinary("PreviousSecretHash"),
        PreviousValidUntil = entity.GetDateTimeOffset("PreviousValidUntil"),
        Origins = List(entity.GetString("Origins")),
        AllowIps = List(entity.GetString("AllowIps")),
        DenyIps = List(entity.GetString("DenyIps")),
        ETag = entity.ETag.ToString(),
    };

    /// <summary>Space-separated, like the scopes; a key written before these columns existed has none, which means no restriction.</summary>
    private static string? List(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(' ', values);

    private static string[] List(string? value) => (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
