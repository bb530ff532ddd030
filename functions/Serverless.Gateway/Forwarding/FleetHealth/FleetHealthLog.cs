namespace Serverless.Gateway.Forwarding.FleetHealth;

/// <summary>Log events of the fleet's shared destination health, ids 1180-1189.</summary>
internal static partial class FleetHealthLog
{
    [LoggerMessage(EventId = 1180, Level = LogLevel.Warning,
        Message = "The fleet took destination {Destination} of backend {Backend} out of rotation on this instance ({Source}: {Reason}); judged by {JudgedBy}")]
    public static partial void TakenOut(ILogger logger, string backend, string destination, string source, string reason, string judgedBy);

    [LoggerMessage(EventId = 1181, Level = LogLevel.Information,
        Message = "The fleet restored destination {Destination} of backend {Backend} to rotation on this instance ({Reason}) after {Duration}")]
    public static partial void Restored(ILogger logger, string backend, string destination, string reason, TimeSpan duration);

    [LoggerMessage(EventId = 1182, Level = LogLevel.Information,
        Message = "Sharing destination health as instance {Instance}: every {SyncInterval} through table {Table}, {Probers} probers per destination")]
    public static partial void Started(ILogger logger, string instance, TimeSpan syncInterval, string table, int probers);
}
