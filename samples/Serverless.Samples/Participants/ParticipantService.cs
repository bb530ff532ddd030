using System.Net;
using System.Text.Json;

namespace Serverless.Samples.Participants;

/// <summary>
/// The hosting shared by the demo saga participants: a real Kestrel app on 127.0.0.1, fault injection in front of
/// the business endpoints, <c>POST /_control/faults</c> to change the faults at run time and <c>GET /_ledger</c>
/// to show what the participant has done.
/// </summary>
public abstract class ParticipantService : IAsyncDisposable
{
    private readonly FaultInjector _faults;
    private WebApplication? _app;

    private protected ParticipantService(ParticipantOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _faults = new FaultInjector(options.Faults, options.RandomSeed, options.TimeProvider);
        Requests = new IdempotentRequests(Gate);
    }

    /// <summary>The address actually bound, e.g. <c>http://127.0.0.1:5201</c>; with port 0 the port the OS picked.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The faults currently in force.</summary>
    public ParticipantFaults Faults => _faults.Current;

    // One lock per participant guards its ledger and its idempotency records together, so they cannot disagree.
    private protected Lock Gate { get; } = new();

    private protected IdempotentRequests Requests { get; }

    /// <summary>Replaces the faults in force, as <c>POST /_control/faults</c> does; a down window starts now.</summary>
    public void SetFaults(ParticipantFaults faults) => _faults.Set(faults);

    /// <summary>The participant's ledger as it is serialised by <c>GET /_ledger</c>; called under <see cref="Gate"/>.</summary>
    private protected abstract object LedgerSnapshot();

    private protected abstract void MapBusinessEndpoints(IEndpointRouteBuilder endpoints);

    private protected async Task StartHostAsync(int port, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        // The empty builder reads no appsettings, environment variables or URLs, as in DemoBackend.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(ParticipantService).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddRoutingCore();

        var app = builder.Build();
        app.Use(HideFailuresAsync);
        app.Use(_faults.InvokeAsync);
        app.UseRouting();
        app.MapGet("/_control/faults", () => TypedResults.Ok(_faults.Current));
        app.MapPost("/_control/faults", (Delegate)ChangeFaultsAsync);
        app.MapGet("/_ledger", () =>
        {
            lock (Gate)
            {
                return Results.Text(JsonSerializer.Serialize(LedgerSnapshot(), ParticipantJson.Options), "application/json; charset=utf-8");
            }
        });
        MapBusinessEndpoints(app);

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        _app = app;
        Address = new Uri(app.Urls.Single());
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            // A short grace period: shutdown must not hang on a stuck client.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private async Task<IResult> ChangeFaultsAsync(HttpContext context)
    {
        ParticipantFaults? faults;
        try
        {
            faults = await JsonSerializer.DeserializeAsync<ParticipantFaults>(context.Request.Body, ParticipantJson.Options, context.RequestAborted);
        }
        catch (JsonException)
        {
            return ParticipantResponse.Problem(StatusCodes.Status400BadRequest, "malformed_json", "The request body is not valid JSON.").ToResult(context.Response, replayed: false);
        }

        if (faults is null || faults.Validate() is { } reason)
        {
            return ParticipantResponse.Problem(StatusCodes.Status400BadRequest, "invalid_faults", "The faults are not valid.", faults?.Validate()).ToResult(context.Response, replayed: false);
        }

        _faults.Set(faults);
        return TypedResults.Ok(faults);
    }

    // A participant answers its own failures as Problem Details too, and never leaks a stack trace to the caller.
    private static async Task HideFailuresAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            context.Response.Clear();
            await ParticipantResponse.Problem(StatusCodes.Status500InternalServerError, "internal_error", "The service failed to handle the request.")
                .ToResult(context.Response, replayed: false).ExecuteAsync(context);
        }
    }
}
