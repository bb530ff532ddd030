namespace Serverless.Gateway.Functions;

/// <summary>The <c>code</c> member of the Problem Details the invocation endpoints answer; any non-2xx makes the host retry.</summary>
public static class FunctionProblemCodes
{
    public const string InvalidInvocation = "invalid_invocation";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string InvalidFunctionInput = "invalid_function_input";
    public const string FunctionFailed = "function_failed";
}
