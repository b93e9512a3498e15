namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// The system's clock, its wall time to the microsecond: the precision both engines keep (PostgreSQL's timestamptz holds
/// no finer), so a time the monitor stores reads back equal on either, and a database moved from SQLite to PostgreSQL
/// keeps every time it holds to the last digit. Timers and elapsed time are the system's own.
/// </summary>
internal sealed class MicrosecondClock : TimeProvider
{
    public static MicrosecondClock Instance { get; } = new();

    public override DateTimeOffset GetUtcNow() => DbTime.ToMicroseconds(TimeProvider.System.GetUtcNow());

    public override TimeZoneInfo LocalTimeZone => TimeProvider.System.LocalTimeZone;

    public override long TimestampFrequency => TimeProvider.System.TimestampFrequency;

    public override long GetTimestamp() => TimeProvider.System.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        TimeProvider.System.CreateTimer(callback, state, dueTime, period);
}
