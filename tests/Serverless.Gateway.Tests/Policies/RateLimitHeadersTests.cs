using Serverless.Gateway.Policies;
using Serverless.Gateway.RateLimiting;

namespace Serverless.Gateway.Tests.Policies;

public sealed class RateLimitHeadersTests
{
    [Fact]
    public void A_rate_limit_and_both_quotas_each_add_one_item_to_the_one_line_of_both_fields()
    {
        var headers = new HeaderDictionary();

        RateLimitHeaders.Write(headers, new RateLimitDecision(true, "burst", 100, 42, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(12.2), RateLimitRejection.None));
        RateLimitHeaders.Write(headers, new QuotaDecision(true, "gold", QuotaPeriod.Day, 5000, 4999, TimeSpan.FromDays(1), TimeSpan.FromHours(3), RateLimitRejection.None));
        RateLimitHeaders.Write(headers, new QuotaDecision(true, "gold", QuotaPeriod.Month, 90000, -3, TimeSpan.FromDays(31), TimeSpan.FromDays(2), RateLimitRejection.None));

        Assert.Equal<string>(["\"burst\";q=100;w=60, \"gold-day\";q=5000;w=86400, \"gold-month\";q=90000;w=2678400"], headers[RateLimitHeaders.Policy].ToArray()!);
        Assert.Equal<string>(["\"burst\";r=42;t=13, \"gold-day\";r=4999;t=10800, \"gold-month\";r=0;t=172800"], headers[RateLimitHeaders.Current].ToArray()!);
    }

    [Fact]
    public void A_policy_whose_limit_changes_is_announced_with_the_new_limit()
    {
        var before = new HeaderDictionary();
        var after = new HeaderDictionary();

        RateLimitHeaders.Write(before, new RateLimitDecision(true, "changing", 10, 9, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), RateLimitRejection.None));
        RateLimitHeaders.Write(after, new RateLimitDecision(true, "changing", 20, 19, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), RateLimitRejection.None));

        Assert.Equal("\"changing\";q=10;w=1", before[RateLimitHeaders.Policy].ToString());
        Assert.Equal("\"changing\";q=20;w=2", after[RateLimitHeaders.Policy].ToString());
    }
}
