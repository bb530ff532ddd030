namespace Serverless.Gateway.Functions;

/// <summary>A function as function.json declares it: its name (the folder name) and its bindings, exactly one of them a trigger.</summary>
public sealed class FunctionDescriptor
{
    public FunctionDescriptor(string name, IReadOnlyList<FunctionBinding> bindings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(bindings);

        // The name is a folder under the script root and the path the host POSTs to, so keep it to safe characters.
        if (!name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"Function name '{name}' may contain only ASCII letters, digits, '-' and '_'.", nameof(name));
        }

        var triggers = bindings.Where(static binding => binding.IsTrigger).ToList();
        if (triggers is not [var trigger] || trigger.Direction != BindingDirection.In)
        {
            throw new ArgumentException($"Function '{name}' must have exactly one trigger binding with direction 'in'.", nameof(bindings));
        }

        var duplicate = bindings.GroupBy(static binding => binding.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(static group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Function '{name}' declares the binding name '{duplicate.Key}' more than once.", nameof(bindings));
        }

        Name = name;
        Bindings = bindings;
        Trigger = trigger;
    }

    public string Name { get; }

    public IReadOnlyList<FunctionBinding> Bindings { get; }

    public FunctionBinding Trigger { get; }

    /// <summary>HTTP functions are proxied by the host to the gateway's routes; every other function is invoked by POST /{Name}.</summary>
    public bool IsHttp => string.Equals(Trigger.Type, FunctionBinding.HttpTriggerType, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<FunctionBinding> Outputs => Bindings.Where(static binding => binding.Direction == BindingDirection.Out);

    public FunctionBinding? FindOutput(string name) =>
        Outputs.FirstOrDefault(binding => string.Equals(binding.Name, name, StringComparison.OrdinalIgnoreCase));
}
