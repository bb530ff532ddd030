namespace Serverless.Gateway.Functions;

/// <summary>
/// Every function the app declares, in code: the ones features add with
/// <see cref="FunctionsServiceCollectionExtensions.AddGatewayFunction(IServiceCollection, FunctionDescriptor)"/>, as the
/// container holds them. function.json files are generated from it and checked against it, so the files the host reads
/// and the handlers the app runs cannot drift apart.
/// </summary>
public sealed class FunctionCatalog
{
    public FunctionCatalog(IEnumerable<FunctionDescriptor> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        Functions = functions.OrderBy(static function => function.Name, StringComparer.Ordinal).ToList();
        var duplicate = Functions.GroupBy(static function => function.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(static group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"The function '{duplicate.Key}' is declared more than once.", nameof(functions));
        }
    }

    /// <summary>All functions, ordered by name.</summary>
    public IReadOnlyList<FunctionDescriptor> Functions { get; }

    /// <summary>The functions the host invokes by POST /{Name}: everything except the proxied HTTP function.</summary>
    public IEnumerable<FunctionDescriptor> InvokedFunctions => Functions.Where(static function => !function.IsHttp);

    public FunctionDescriptor? Find(string name) =>
        Functions.FirstOrDefault(function => string.Equals(function.Name, name, StringComparison.OrdinalIgnoreCase));
}
