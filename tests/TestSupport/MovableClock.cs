namespace CitationMonitor.TestSupport;

/// <summary>
/// The system clock, put forward on demand: timers and delays (a retry's back-off inside one request) still run in real
/// time, but the time the monitor reads to decide what is due can be moved past a back-off, so that no test sleeps
/// through one. For code whose every wait is on the clock, <c>FakeTimeProvider</c> controls time wholly.
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Puts the clock forward by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
