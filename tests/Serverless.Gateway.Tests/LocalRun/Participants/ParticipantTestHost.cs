using Microsoft.Extensions.Time.Testing;
using Serverless.Samples.Participants;

namespace Serverless.Gateway.Tests.LocalRun.Participants;

/// <summary>
/// One participant service per test on a free port, a client for it, a fake clock and a 30 s guard against hangs:
/// what every participant's tests need before their first line.
/// </summary>
public abstract class ParticipantTestHost : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private ParticipantService? _service;
    private ParticipantClient? _client;

    protected FakeTimeProvider Time { get; } = new();

    protected ParticipantClient Client => _client ?? throw new InvalidOperationException("The service has not started.");

    protected CancellationToken Token => _timeout.Token;

    public async Task InitializeAsync()
    {
        _service = await StartServiceAsync(Time, Token);
        _client = new ParticipantClient(_service.Address);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }

        _timeout.Dispose();
    }

    protected abstract Task<ParticipantService> StartServiceAsync(TimeProvider time, CancellationToken cancellationToken);
}
