using System.Text.Json;
using Serverless.Gateway.Functions;

namespace Serverless.Gateway.Tests.Functions;

public sealed class InvocationValuesTests
{
    private static InvocationValues Values(string json) => new(JsonDocument.Parse(json).RootElement);

    [Theory]
    [InlineData("""{ "DequeueCount": 3 }""")]
    [InlineData("""{ "DequeueCount": "3" }""")]
    [InlineData("""{ "DequeueCount": "\"3\"" }""")]
    [InlineData("""{ "dequeuecount": 3 }""")]
    public void Numbers_read_the_same_however_the_host_encoded_them(string json)
    {
        var values = Values(json);

        Assert.Equal(3, values.GetInt32("DequeueCount"));
        Assert.Equal("3", values.GetString("DequeueCount"));
    }

    [Fact]
    public void Strings_encoded_twice_are_unwrapped()
    {
        Assert.Equal("abc", Values("""{ "Id": "\"abc\"" }""").GetString("Id"));
        Assert.Equal("abc", Values("""{ "Id": "abc" }""").GetString("Id"));
    }

    [Fact]
    public void Objects_sent_as_json_text_once_or_twice_are_parsed()
    {
        var once = Values("""{ "message": "{\"id\":\"a\"}" }""");
        var twice = Values("""{ "message": "\"{\\\"id\\\":\\\"a\\\"}\"" }""");

        Assert.True(once.TryGetValue("message", out var first));
        Assert.True(twice.TryGetValue("message", out var second));
        Assert.Equal("a", first.GetProperty("id").GetString());
        Assert.Equal("a", second.GetProperty("id").GetString());
    }

    [Fact]
    public void Text_that_only_looks_like_json_stays_text()
    {
        var values = Values("""{ "a": "{not json", "b": "42", "c": "true" }""");

        Assert.Equal("{not json", values.GetString("a"));
        Assert.True(values.TryGetValue("b", out var b));
        Assert.Equal(JsonValueKind.String, b.ValueKind);
        Assert.True(values.GetBoolean("c"));
    }

    [Fact]
    public void Missing_null_and_unparsable_values_read_as_null()
    {
        var values = Values("""{ "n": null, "t": "yesterday", "x": "x" }""");

        Assert.Null(values.GetString("missing"));
        Assert.Null(values.GetString("n"));
        Assert.Null(values.GetDateTimeOffset("t"));
        Assert.Null(values.GetInt32("x"));
        Assert.False(values.TryGetValue("n", out _));
    }

    [Fact]
    public void Times_in_the_hosts_format_are_read_as_utc_offsets()
    {
        var time = Values("""{ "InsertionTime": "2019-10-09T17:58:31+00:00" }""").GetDateTimeOffset("InsertionTime");

        Assert.Equal(new DateTimeOffset(2019, 10, 9, 17, 58, 31, TimeSpan.Zero), time);
    }

    [Fact]
    public void A_payload_that_is_not_an_object_reads_as_empty()
    {
        Assert.Equal(JsonValueKind.Object, Values("[1]").Json.ValueKind);
        Assert.Null(Values("[1]").GetString("anything"));
    }
}
