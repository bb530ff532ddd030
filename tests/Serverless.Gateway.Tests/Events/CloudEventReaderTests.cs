using System.Text.Json;
using Serverless.Gateway.Events;

namespace Serverless.Gateway.Tests.Events;

public sealed class CloudEventReaderTests
{
    private static CloudEvent Sample() => new()
    {
        Id = "evt-1",
        Source = "/serverless-gateway/orders",
        Type = "serverless.orders.placed",
        Time = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
        Subject = "order-42",
        Sequence = 1,
        TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        Data = JsonSerializer.SerializeToElement(new { orderId = "order-42", total = 12.5m }),
    };

    [Fact]
    public void An_event_round_trips_through_the_cloudevents_json_format_with_its_extensions()
    {
        var json = JsonSerializer.Serialize(Sample());

        using var document = JsonDocument.Parse(json);
        Assert.Equal("1.0", document.RootElement.GetProperty("specversion").GetString());
        Assert.Equal("application/json", document.RootElement.GetProperty("datacontenttype").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("sequence").GetInt64());
        Assert.True(CloudEventReader.TryRead(json, out var read, out var error), error);
        Assert.Equal(Sample().TraceParent, read!.TraceParent);
        Assert.Equal("order-42", read.Data.GetProperty("orderId").GetString());
    }

    [Theory]
    [InlineData("not json", "not a CloudEvents JSON document")]
    [InlineData("null", "empty")]
    [InlineData("{\"specversion\":\"0.3\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2026-11-23T12:00:00Z\",\"subject\":\"x\",\"sequence\":1,\"data\":{}}", "specversion '0.3'")]
    [InlineData("{\"id\":\"\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2026-11-23T12:00:00Z\",\"subject\":\"x\",\"sequence\":1,\"data\":{}}", "must not be empty")]
    [InlineData("{\"id\":\"a\",\"source\":\"s\",\"type\":\"t\",\"time\":\"2026-11-23T12:00:00Z\",\"subject\":\"x\",\"sequence\":0,\"data\":{}}", "sequence must be a positive")]
    [InlineData("{\"id\":\"a\",\"type\":\"t\",\"time\":\"2026-11-23T12:00:00Z\",\"subject\":\"x\",\"sequence\":1,\"data\":{}}", "not a CloudEvents JSON document")]
    public void A_hostile_or_malformed_body_is_refused_saying_what_is_wrong(string json, string expected)
    {
        Assert.False(CloudEventReader.TryRead(json, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
