using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Serverless.Gateway.Benchmarks.Distributed;

/// <summary>
/// One Table service request as the counting forwarder saw it: the table it touched, what kind of operation it was
/// and, where the request names one, the partition. An entity group transaction is one request (one operation) on one
/// partition of one table, which is what docs/auth-and-rate-limits.md's storage cost formula counts.
/// </summary>
public readonly partial record struct StorageOperation(string Table, string Kind, string? Partition)
{
    public const string Query = "query";
    public const string Batch = "batch";
    public const string PointRead = "point read";
    public const string CreateTable = "create table";
    public const string Delete = "delete";

    /// <summary>Reads what a request does from its path, its <c>$filter</c> and, for batches and table creation, its body (rewound afterwards).</summary>
    public static async Task<StorageOperation> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resource = request.Path.Value?[(request.Path.Value.LastIndexOf('/') + 1)..] ?? "";
        if (resource is "$batch" or "Tables" && HttpMethods.IsPost(request.Method))
        {
            var body = await ReadBodyAsync(request);
            if (resource == "Tables")
            {
                return new StorageOperation(TableNamePattern().Match(body) is { Success: true } created ? created.Groups[1].Value : "?", CreateTable, null);
            }

            var first = BatchOperationPattern().Match(body);
            return first.Success
                ? new StorageOperation(first.Groups[1].Value, Batch, first.Groups[2].Success ? Uri.UnescapeDataString(first.Groups[2].Value) : null)
                : new StorageOperation("?", Batch, null);
        }

        var parenthesis = resource.IndexOf('(', StringComparison.Ordinal);
        var table = parenthesis < 0 ? resource : resource[..parenthesis];
        var keys = parenthesis < 0 ? "" : resource[parenthesis..];
        var kind = request.Method switch
        {
            "GET" => keys is "" or "()" ? Query : PointRead,
            "DELETE" => Delete,
            var method => method.ToUpperInvariant(),
        };
        var partition = PartitionPattern().Match(kind == Query ? request.Query["$filter"].ToString() : keys);
        return new StorageOperation(table, kind, partition.Success ? partition.Groups[1].Value : null);
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request)
    {
        // Buffered so the forwarder can still send the body on; batch bodies are a few kilobytes.
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync();
        request.Body.Position = 0;
        return body;
    }

    // The first change set line of a batch, e.g. "PUT http://host/devstoreaccount1/RateLimits(PartitionKey='x',RowKey='y') HTTP/1.1".
    [GeneratedRegex(@"^(?:PUT|POST|PATCH|MERGE|DELETE) \S*/([A-Za-z][A-Za-z0-9]*)(?:\(PartitionKey='([^']*)')?", RegexOptions.Multiline)]
    private static partial Regex BatchOperationPattern();

    [GeneratedRegex("PartitionKey(?:=| eq )'([^']*)'")]
    private static partial Regex PartitionPattern();

    [GeneratedRegex("\"TableName\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex TableNamePattern();
}
