namespace Serverless.Gateway.Functions;

/// <summary>The <c>direction</c> of a function.json binding.</summary>
public enum BindingDirection
{
    /// <summary><c>"in"</c>: a trigger or an input binding.</summary>
    In,

    /// <summary><c>"out"</c>: an output binding; the function sets it through <see cref="FunctionResult.Outputs"/>.</summary>
    Out,
}
