using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Triggers;

/// <summary>Writes a successful invocation's outputs through the <see cref="IOutputBinder"/> of each binding's type.</summary>
internal sealed class OutputBindingWriter(IEnumerable<IOutputBinder> binders, ILogger<OutputBindingWriter> logger)
{
    private readonly Dictionary<string, IOutputBinder> _binders = binders.ToDictionary(static binder => binder.BindingType, StringComparer.OrdinalIgnoreCase);

    /// <summary>Fails start-up, rather than the first invocation, when a function has an output nothing here can write.</summary>
    public void EnsureSupported(FunctionDescriptor function)
    {
        foreach (var binding in function.Outputs.Where(binding => !_binders.ContainsKey(binding.Type)))
        {
            throw new InvalidOperationException(
                $"Function '{function.Name}' has a '{binding.Type}' output binding '{binding.Name}', which the standalone runtime cannot write. " +
                $"Register an {nameof(IOutputBinder)} for '{binding.Type}'.");
        }
    }

    public async Task WriteAsync(FunctionDescriptor function, FunctionResult result, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in result.Outputs)
        {
            var binding = function.FindOutput(name)
                ?? throw new InvalidOperationException($"Function '{function.Name}' has no output binding '{name}'.");
            var messages = FunctionResult.Messages(value);
            if (messages.Count == 0)
            {
                continue;
            }

            try
            {
                await _binders[binding.Type].WriteAsync(binding, messages, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.OutputWriteFailed(exception, function.Name, binding.Name, binding.Type);
                throw;
            }
        }
    }
}
