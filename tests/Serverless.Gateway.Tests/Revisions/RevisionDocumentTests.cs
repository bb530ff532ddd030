using Serverless.Gateway.Revisions;

namespace Serverless.Gateway.Tests.Revisions;

public sealed class RevisionDocumentTests
{
    [Fact]
    public void A_document_holds_its_settings_and_the_publishable_sections_it_names()
    {
        var document = RevisionDocument.Parse(
            """
            {
              // comments and trailing commas are read as in the gateway's configuration file
              "Gateway": { "Routes": { "shop": { "Path": "/shop/{**rest}", "Backend": "b", "Methods": [ "GET" ], }, }, },
              "rateLimiting": { "policies": { "tight": { "Limit": 2 } } }
            }
            """,
            "doc.json");

        Assert.Equal(["Gateway:Routes", "RateLimiting:Policies"], document.Sections);
        Assert.Equal("/shop/{**rest}", document.Values["Gateway:Routes:shop:Path"]);
        Assert.Equal("GET", document.Values["Gateway:Routes:shop:Methods:0"]);
        Assert.Equal("2", document.Values["RateLimiting:Policies:tight:Limit"]);
    }

    [Fact]
    public void An_empty_section_is_owned_so_publishing_it_removes_everything_in_it()
    {
        var document = RevisionDocument.Parse("""{ "Auth": { "Policies": {} } }""", "doc.json");

        Assert.Equal(["Auth:Policies"], document.Sections);
        Assert.Empty(document.Values);
    }

    [Theory]
    [InlineData("""{ "AzureWebJobsStorage": "UseDevelopmentStorage=true" }""", "doc.json: AzureWebJobsStorage cannot be published")]
    [InlineData("""{ "Auth": { "IdentityAssertion": { "SigningKeys": {} } } }""", "doc.json: Auth:IdentityAssertion cannot be published")]
    [InlineData("""{ "RateLimiting": { "SyncInterval": "00:00:01", "Policies": {} } }""", "doc.json: RateLimiting:SyncInterval cannot be published")]
    [InlineData("""{ "Gateway": { "Routes": "none" } }""", "doc.json: Gateway:Routes cannot be published")]
    [InlineData("[]", "doc.json: a revision is a JSON object")]
    [InlineData("{}", "doc.json: holds nothing to publish")]
    public void What_is_not_a_publishable_section_is_refused_in_one_line(string json, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => RevisionDocument.Parse(json, "doc.json"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Json_that_does_not_parse_is_refused_with_its_line_and_column()
    {
        var error = Assert.Throws<ArgumentException>(() => RevisionDocument.Parse("{\n  \"Gateway\": { \"Routes\": { } \n  oops\n}", "doc.json"));

        Assert.StartsWith("doc.json:3:3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => RevisionDocument.Parse("""{ "Gateway": { "Routes": { "a": { "Path": "/a" }, "A": { "Path": "/b" } } } }""", "doc.json"));

        Assert.StartsWith("doc.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_document_longer_than_a_table_entity_holds_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => RevisionDocument.Parse(new string(' ', RevisionDocument.MaxLength + 1), "doc.json"));

        Assert.Contains("at most 480000", error.Message, StringComparison.Ordinal);
    }
}
