using System.Net;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Infrastructure;

namespace Serverless.Gateway.Tests.Forwarding.Canary;

[Trait("Category", "Integration")]
[Collection(AzuriteCollection.Name)]
public sealed class WeightedRoutingTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private BackendServer _stable = null!;
    private BackendServer _canary = null!;
    private TestIdentityProvider _identityProvider = null!;
    private GatewayTestServer _gateway = null!;

    public async Task InitializeAsync()
    {
        _stable = await BackendServer.StartAsync("stable");
        _canary = await BackendServer.StartAsync("canary");
        _identityProvider = await TestIdentityProvider.StartAsync();
        _gateway = await GatewayTestServer.StartAsync(azurite, SplitGateway.Settings(_stable, _canary, _identityProvider)
            .Set("Gateway:Backends:catalog:Split:Targets:0:Plans:0", "free")
            .Set("Gateway:Backends:catalog:Split:Targets:0:Group", "canary")
            .Set("Gateway:Backends:catalog:Split:Targets:1:Tenants:0", "eager-corp")
            .Set("Gateway:Backends:catalog:Split:Targets:1:Group", "canary")
            .Set("Gateway:Backends:catalog:Split:Targets:2:Tenants:0", "careful-corp")
            .Set("Gateway:Backends:catalog:Split:Targets:2:Group", "stable")
            .Build());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _identityProvider.DisposeAsync();
        await _canary.DisposeAsync();
        await _stable.DisposeAsync();
    }

    [Fact]
    public async Task Two_thousand_tenants_split_close_to_ninety_ten()
    {
        for (var i = 0; i < 2000; i++)
        {
            using var response = await _gateway.Client.SendAsync(SplitGateway.Request(_identityProvider, $"tenant-{i}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(2000, _stable.RequestCount + _canary.RequestCount);
        Assert.InRange(_canary.RequestCount, 160, 240);
    }

    [Fact]
    public async Task Each_tenant_sees_one_group_over_many_requests_and_both_groups_get_tenants()
    {
        var groups = new Dictionary<string, string>();
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 60; i++)
            {
                using var response = await _gateway.Client.SendAsync(SplitGateway.Request(_identityProvider, $"sticky-{i}"));
                var servedBy = SplitGateway.ServedBy(response);
                Assert.Equal(groups.TryAdd($"sticky-{i}", servedBy) ? servedBy : groups[$"sticky-{i}"], servedBy);
            }
        }

        Assert.Contains("stable", groups.Values);
        Assert.Contains("canary", groups.Values);
    }

    [Fact]
    public async Task The_override_header_pins_a_group_and_a_value_naming_no_group_is_ignored()
    {
        var tenant = await TenantOfAsync("stable");

        using var pinned = SplitGateway.Request(_identityProvider, tenant);
        pinned.Headers.Add("X-Backend-Group", "CANARY");
        using var toCanary = await _gateway.Client.SendAsync(pinned);
        using var unknown = SplitGateway.Request(_identityProvider, tenant);
        unknown.Headers.Add("X-Backend-Group", "http://169.254.169.254");
        using var notPinned = await _gateway.Client.SendAsync(unknown);

        Assert.Equal("canary", SplitGateway.ServedBy(toCanary));
        Assert.Equal("stable", SplitGateway.ServedBy(notPinned));
    }

    [Fact]
    public async Task Targeted_plans_and_tenants_go_to_their_group_and_the_first_matching_target_wins()
    {
        var stableTenant = await TenantOfAsync("stable");

        using var free = await _gateway.Client.SendAsync(SplitGateway.Request(_identityProvider, stableTenant, plan: "free"));
        using var eager = await _gateway.Client.SendAsync(SplitGateway.Request(_identityProvider, "eager-corp"));
        using var careful = await _gateway.Client.SendAsync(SplitGateway.Request(_identityProvider, "careful-corp"));
        using var carefulOnFree = await _gateway.Client.SendAsync(SplitGateway.Request(_identityProvider, "careful-corp", plan: "free"));

        Assert.Equal("canary", SplitGateway.ServedBy(free));
        Assert.Equal("canary", SplitGateway.ServedBy(eager));
        Assert.Equal("stable", SplitGateway.ServedBy(careful));
        Assert.Equal("canary", SplitGateway.ServedBy(carefulOnFree));
    }

    [Fact]
    public async Task Anonymous_callers_stick_by_address_and_cannot_choose_a_group_with_identity_headers()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/public/items");
            request.Headers.Add("X-Gateway-Tenant", $"spoofed-{i}");
            using var response = await _gateway.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.Add(SplitGateway.ServedBy(response));
        }

        Assert.Single(seen);
    }

    [Fact]
    public async Task A_backend_sticky_by_a_header_of_its_own_splits_and_sticks_by_that_header()
    {
        await using var gateway = await GatewayTestServer.StartAsync(azurite, SplitGateway.Settings(_stable, _canary, _identityProvider, canaryWeight: 50)
            .Set("Gateway:Backends:catalog:Split:StickyBy", "Header:X-Session")
            .Build());
        var groups = new Dictionary<string, string>();

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 40; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/public/items");
                request.Headers.Add("X-Session", $"session-{i}");
                using var response = await gateway.Client.SendAsync(request);
                var servedBy = SplitGateway.ServedBy(response);
                Assert.Equal(groups.TryAdd($"session-{i}", servedBy) ? servedBy : groups[$"session-{i}"], servedBy);
            }
        }

        Assert.InRange(groups.Values.Count(group => group == "canary"), 8, 32);
    }

    /// <summary>A tenant the weights assign to <paramref name="group"/>: the hash decides, so look for one rather than assume.</summary>
    private async Task<string> TenantOfAsync(string group)
    {
        for (var i = 0; i < 200; i++)
        {
            using var response = await _gateway.Client.SendAsync(SplitGateway.Request(_identityProvider, $"probe-{i}"));
            if (SplitGateway.ServedBy(response) == group)
            {
                return $"probe-{i}";
            }
        }

        throw new InvalidOperationException($"No tenant of 200 is in group {group}.");
    }
}
