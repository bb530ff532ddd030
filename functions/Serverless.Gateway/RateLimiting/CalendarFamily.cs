using System.Globalization;

namespace Serverless.Gateway.RateLimiting;

/// <summary>UTC days or calendar months, for quotas. A day is numbered from the Unix epoch, a month as <c>year × 12 + month − 1</c>.</summary>
internal sealed class CalendarFamily(QuotaPeriod unit) : CounterFamily
{
    public static CalendarFamily Day { get; } = new(QuotaPeriod.Day);

    public static CalendarFamily Month { get; } = new(QuotaPeriod.Month);

    public QuotaPeriod Unit { get; } = unit;

    public override bool KeepsPeriods => true;

    public override TimeSpan IdleLifetime => TimeSpan.FromMinutes(10);

    public override long PeriodOf(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return Unit == QuotaPeriod.Day ? (long)(utc.Date - DateTime.UnixEpoch).TotalDays : (utc.Year * 12L) + utc.Month - 1;
    }

    public override DateTimeOffset StartOf(long period) => Unit == QuotaPeriod.Day
        ? new DateTimeOffset(DateTime.UnixEpoch.AddDays(period))
        : new DateTimeOffset((int)(period / 12), (int)(period % 12) + 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset EndOf(long period) => StartOf(period + 1);

    /// <summary>Readable partition keys (<c>07-d-20260331</c>, <c>07-m-202603</c>), so operators can find and archive a period's rows.</summary>
    public override string PartitionKey(int bucket, long period) => Unit == QuotaPeriod.Day
        ? $"{bucket:x2}-d-{StartOf(period).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}"
        : $"{bucket:x2}-m-{StartOf(period).ToString("yyyyMM", CultureInfo.InvariantCulture)}";

    public override long Budget(long limit, bool follows, long previousBudget, long previousAdmitted) => limit;

    public override double WeightFloor(long limit) => 0.01;
}
