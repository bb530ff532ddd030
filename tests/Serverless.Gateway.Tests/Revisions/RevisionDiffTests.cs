using Serverless.Gateway.Revisions;

namespace Serverless.Gateway.Tests.Revisions;

public sealed class RevisionDiffTests
{
    [Fact]
    public void The_diff_lists_added_removed_and_changed_settings_by_path_in_key_order()
    {
        var live = new Dictionary<string, string?>
        {
            ["Gateway:Routes:shop:Path"] = "/shop/{**rest}",
            ["Gateway:Routes:shop:Backend"] = "a",
            ["RateLimiting:Policies:tight:Limit"] = "100",
            ["Gateway:Routes:old:Path"] = "/old",
        };
        var next = new Dictionary<string, string?>
        {
            ["gateway:routes:shop:path"] = "/shop/{**rest}",
            ["Gateway:Routes:shop:Backend"] = "b",
            ["RateLimiting:Policies:tight:Limit"] = "2",
            ["Gateway:Routes:new:Path"] = "/new",
        };

        var lines = RevisionDiff.Compute(live, next);

        Assert.Equal(
            [
                "+ Gateway:Routes:new:Path = /new",
                "- Gateway:Routes:old:Path = /old",
                "~ Gateway:Routes:shop:Backend: a -> b",
                "~ RateLimiting:Policies:tight:Limit: 100 -> 2",
            ],
            lines);
    }

    [Fact]
    public void Transform_values_are_never_shown_since_a_header_may_be_a_credential()
    {
        var lines = RevisionDiff.Compute(
            new Dictionary<string, string?> { ["Gateway:Routes:r:Transforms:RequestHeaders:Set:Authorization"] = "Bearer old-secret" },
            new Dictionary<string, string?> { ["Gateway:Routes:r:Transforms:RequestHeaders:Set:Authorization"] = "Bearer new-secret" });

        Assert.Equal(["~ Gateway:Routes:r:Transforms:RequestHeaders:Set:Authorization: (value not shown) changed"], lines);
        Assert.DoesNotContain("secret", string.Join("\n", lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Identical_documents_have_no_diff() =>
        Assert.Empty(RevisionDiff.Compute(new Dictionary<string, string?> { ["A:B"] = "1" }, new Dictionary<string, string?> { ["A:B"] = "1" }));
}
