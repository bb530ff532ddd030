namespace Serverless.Samples.Participants;

/// <summary>
/// Applies a participant's <see cref="ParticipantFaults"/> in front of its business endpoints. A 503 is answered
/// before the request reaches the business logic, so an injected failure never has a hidden effect.
/// </summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;

    // Seeded so that a given sequence of requests meets the same transient failures on every run.
    private readonly Random _random;
    private ParticipantFaults _faults = ParticipantFaults.None;
    private DateTimeOffset _downUntil = DateTimeOffset.MinValue;

    public FaultInjector(ParticipantFaults initial, int seed, TimeProvider time)
    {
        _time = time;
#pragma warning disable CA5394 // Deterministic chance is the point: these are test doubles, not security decisions.
        _random = new Random(seed);
#pragma warning restore CA5394
        Set(initial);
    }

    public ParticipantFaults Current
    {
        get
        {
            lock (_gate)
            {
                return _faults;
            }
        }
    }

    public void Set(ParticipantFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        if (faults.Validate() is { } reason)
        {
            throw new ArgumentException(reason, nameof(faults));
        }

        lock (_gate)
        {
            _faults = faults;
            _downUntil = _time.GetUtcNow().AddSeconds(faults.DownForSeconds);
        }
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/_control") || context.Request.Path.StartsWithSegments("/_ledger"))
        {
            await next(context);
            return;
        }

        ParticipantFaults faults;
        bool down;
        bool transient;
        lock (_gate)
        {
            faults = _faults;
            var now = _time.GetUtcNow();
            down = now < _downUntil;
#pragma warning disable CA5394 // See the constructor.
            transient = !down && faults.Transient503Rate > 0 && _random.NextDouble() < faults.Transient503Rate;
#pragma warning restore CA5394
        }

        if (faults.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(faults.LatencyMs), _time, context.RequestAborted);
        }

        if (down || transient)
        {
            context.Response.Headers.RetryAfter = "1";
            var problem = down
                ? ParticipantResponse.Problem(StatusCodes.Status503ServiceUnavailable, "service_down", "The service is down (injected fault).")
                : ParticipantResponse.Problem(StatusCodes.Status503ServiceUnavailable, "service_unavailable", "The service is briefly unavailable (injected fault).");
            await problem.ToResult(context.Response, replayed: false).ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}
