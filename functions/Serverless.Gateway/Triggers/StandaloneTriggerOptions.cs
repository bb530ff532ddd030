namespace Serverless.Gateway.Triggers;

/// <summary>Switches for the standalone trigger runtime, bound from the <c>Functions:Triggers</c> section.</summary>
public sealed class StandaloneTriggerOptions
{
    public const string SectionName = "Functions:Triggers";

    /// <summary>
    /// Whether queue and timer functions run in standalone mode. Default true; false leaves a pure HTTP gateway that
    /// needs no storage (the function.json files are still checked). One function alone is switched off with
    /// the host's own <c>AzureWebJobs.&lt;FunctionName&gt;.Disabled=true</c>.
    /// </summary>
    public bool Enabled { get; set; } = true;
}
