using System.Text.Json.Serialization;

namespace Serverless.Orders.Saga;

/// <summary>Whether a history entry moved the order forward or undid a step.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StepKind>))]
public enum StepKind
{
    Step,
    Compensation,
}
