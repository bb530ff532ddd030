using System.Diagnostics.Metrics;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Gateway.Health;
using Serverless.Gateway.Telemetry;
using Serverless.Gateway.Tests.Auth.Jwt;
using Serverless.Gateway.Tests.Functions;

namespace Serverless.Gateway.Tests.Health;

public sealed class DependencyHealthTests : IDisposable
{
    private const string Queue = "Queue order-events-audit (function OrderAudit)";

    private readonly CapturedLogs _logs = new();
    private readonly TestClock _clock = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MeterListener _listener = new();
    private long _failuresCounted;

    public DependencyHealthTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "gateway.dependency.failures")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _failuresCounted, value));
        _listener.Start();
        Health = new DependencyHealth(new GatewayMetrics(factory), _clock, new LoggerFactory([_logs]).CreateLogger<DependencyHealth>());
    }

    private DependencyHealth Health { get; }

    [Fact]
    public void An_outage_is_logged_once_when_it_begins_and_once_when_it_ends_however_many_polls_fail()
    {
        for (var poll = 0; poll < 50; poll++)
        {
            Health.Failed(Queue, StorageRefused());
            _clock.Advance(TimeSpan.FromSeconds(2));
        }

        Health.Succeeded(Queue);
        Health.Succeeded(Queue);

        var failing = Assert.Single(_logs.WithEventId(3400));
        Assert.Equal(LogLevel.Warning, failing.Level);
        Assert.Null(failing.Exception);
        Assert.Equal(Queue, failing.Property("Dependency"));
        var recovered = Assert.Single(_logs.WithEventId(3401));
        Assert.Equal(LogLevel.Information, recovered.Level);
        Assert.Equal(TimeSpan.FromSeconds(100).ToString(), recovered.Property("Duration"));
        Assert.Equal("50", recovered.Property("Failures"));
        Assert.Equal(50, Interlocked.Read(ref _failuresCounted));
        Assert.False(Health.IsFailing(Queue));
    }

    [Fact]
    public void The_failure_line_names_the_root_cause_in_one_line_without_a_stack_trace()
    {
        Health.Failed(Queue, StorageRefused());

        var reason = Assert.Single(_logs.WithEventId(3400)).Property("Reason");
        Assert.Equal("HttpRequestException: Connection refused (127.0.0.1:10001) (failed 4 times)", reason);
        Assert.DoesNotContain('\n', reason!);
    }

    [Fact]
    public void Each_dependency_has_its_own_outage()
    {
        Health.Failed(Queue, StorageRefused());
        Health.Failed(StorageHealthCheck.DependencyName, StorageRefused());
        Health.Succeeded(Queue);

        Assert.Equal([Queue, StorageHealthCheck.DependencyName], _logs.WithEventId(3400).Select(log => log.Property("Dependency")));
        Assert.Equal([Queue], _logs.WithEventId(3401).Select(log => log.Property("Dependency")));
        Assert.True(Health.IsFailing(StorageHealthCheck.DependencyName));
    }

    [Fact]
    public void A_dependency_that_never_failed_logs_nothing_when_it_succeeds()
    {
        Health.Succeeded(Queue);

        Assert.Empty(_logs.Entries);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _services.Dispose();
    }

    /// <summary>What the storage SDK throws when every retry met a refused connection.</summary>
    private static AggregateException StorageRefused() => new(
        "Retry failed after 4 tries. Retry settings can be adjusted in ClientOptions.Retry or by configuring a custom retry policy.",
        Enumerable.Range(0, 4).Select(_ => new RequestFailedException("Connection refused (127.0.0.1:10001)\r\nStack and more",
            new HttpRequestException("Connection refused (127.0.0.1:10001)"))));
}
