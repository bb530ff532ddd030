using System.Net;
using Microsoft.Extensions.Time.Testing;
using Serverless.Samples.Participants;

namespace Serverless.Gateway.Tests.LocalRun.Participants;

/// <summary>The hosting every participant shares: the control API, the ledger and seeded fault injection.</summary>
public sealed class ParticipantServiceTests : IDisposable
{
    private const string Order = """{"orderId":"o-1","lines":[{"sku":"beans","quantity":1}]}""";

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    private CancellationToken Token => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task The_same_seed_meets_the_same_transient_failures_on_every_run()
    {
        var first = await StatusesAsync(seed: 7);
        var second = await StatusesAsync(seed: 7);

        Assert.Equal(first, second);
        Assert.Contains(HttpStatusCode.ServiceUnavailable, first);
        Assert.Contains(HttpStatusCode.Created, first);
    }

    [Fact]
    public async Task Faults_set_at_start_apply_but_never_to_the_control_api_or_the_ledger()
    {
        await using var service = await InventoryService.StartAsync(
            new InventoryOptions { Faults = new ParticipantFaults { DownForSeconds = 60 }, TimeProvider = new FakeTimeProvider() }, 0, Token);
        using var client = new ParticipantClient(service.Address);

        var business = await client.PostAsync("/reservations", Order, "k-1", Token);
        var ledger = await client.GetAsync("/_ledger", Token);
        var faults = await client.GetAsync("/_control/faults", Token);

        business.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_down");
        Assert.Equal(HttpStatusCode.OK, ledger.Status);
        Assert.Equal(60, faults.Json.GetProperty("downForSeconds").GetInt32());
    }

    [Theory]
    [InlineData("""{"transient503Rate":1.5}""", "invalid_faults")]
    [InlineData("""{"latencyMs":-1}""", "invalid_faults")]
    [InlineData("""{"latencyMs":""", "malformed_json")]
    public async Task Invalid_faults_are_refused_400_and_the_faults_in_force_stay(string body, string code)
    {
        await using var service = await ShippingService.StartAsync(new ShippingOptions(), 0, Token);
        using var client = new ParticipantClient(service.Address);

        var reply = await client.PostAsync("/_control/faults", body, null, Token);

        reply.AssertProblem(HttpStatusCode.BadRequest, code);
        Assert.Equal(ParticipantFaults.None, service.Faults);
    }

    [Fact]
    public async Task Faults_changed_in_process_take_effect_at_once()
    {
        await using var service = await PaymentService.StartAsync(new PaymentOptions(), 0, Token);
        using var client = new ParticipantClient(service.Address);

        service.SetFaults(new ParticipantFaults { Transient503Rate = 1 });
        var reply = await client.PostAsync("/charges", """{"orderId":"o-1","amount":1,"currency":"EUR","customerId":"c-1"}""", "k-1", Token);

        reply.AssertProblem(HttpStatusCode.ServiceUnavailable, "service_unavailable");
    }

    private async Task<HttpStatusCode[]> StatusesAsync(int seed)
    {
        var options = new InventoryOptions
        {
            InitialStock = new Dictionary<string, int> { ["beans"] = 100 },
            Faults = new ParticipantFaults { Transient503Rate = 0.5 },
            RandomSeed = seed,
        };
        await using var service = await InventoryService.StartAsync(options, 0, Token);
        using var client = new ParticipantClient(service.Address);
        var statuses = new HttpStatusCode[20];
        for (var i = 0; i < statuses.Length; i++)
        {
            statuses[i] = (await client.PostAsync("/reservations", Order, $"k-{i}", Token)).Status;
        }

        return statuses;
    }
}
