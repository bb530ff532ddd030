using Azure;

namespace Serverless.Gateway.Health;

/// <summary>
/// One line that says why a call failed: the outermost message and, when different, the root cause (a refused
/// connection under a timeout), each cut to its first line; for the storage SDK's aggregate of retries, the last
/// attempt's cause and the number of attempts.
/// </summary>
public static class ExceptionSummary
{
    private const int MaxLength = 300;

    public static string Of(Exception exception)
    {
        var root = RootCause(exception);
        var summary = exception switch
        {
            _ when ReferenceEquals(root, exception) => Describe(exception),

            // The SDK's "Retry failed after 4 tries" repeats every inner message; the last attempt's cause says it all.
            AggregateException { InnerExceptions.Count: > 1 } retries => $"{Describe(root)} (failed {retries.InnerExceptions.Count} times)",
            AggregateException => Describe(root),
            _ => $"{Describe(exception)} <- {Describe(root)}",
        };
        return summary.Length <= MaxLength ? summary : summary[..MaxLength] + "...";
    }

    private static Exception RootCause(Exception exception)
    {
        var current = exception;
        while ((current is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[^1] : current.InnerException) is { } next)
        {
            current = next;
        }

        return current;
    }

    private static string Describe(Exception exception)
    {
        var message = FirstLine(exception.Message);
        return exception switch
        {
            RequestFailedException { Status: > 0 } failed => $"{exception.GetType().Name} {failed.Status} {failed.ErrorCode}: {message}",
            _ => $"{exception.GetType().Name}: {message}",
        };
    }

    private static string FirstLine(string text)
    {
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }
}
