using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using CitationMonitor.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace CitationMonitor.Infrastructure.Tests.Politeness;

/// <summary>The spacing of one host's requests and the pauses it asks for, on a clock the test moves.</summary>
public sealed class HostPacerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task TurnsOfOneHost_AreSpacedByPerHostDelay_WhileOtherHostsGoAtOnce()
    {
        var pacer = Pacer(perHostDelay: TimeSpan.FromSeconds(1));

        await pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None).WaitAsync(Bound);
        var second = pacer.WaitTurnAsync("WWW.GOB.MX", CancellationToken.None);
        await pacer.WaitTurnAsync("www.cidh.oas.org", CancellationToken.None).WaitAsync(Bound);

        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(second.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(Bound);
    }

    [Fact]
    public async Task ShortRetryAfter_MovesTheHostsNextTurnBehindIt()
    {
        var pacer = Pacer(perHostDelay: TimeSpan.Zero);
        await pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None).WaitAsync(Bound);

        pacer.HoldOff("www.gob.mx", TimeSpan.FromSeconds(30));
        var next = pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None);

        Assert.Null(pacer.PausedUntil("www.gob.mx"));
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(next.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await next.WaitAsync(Bound);
    }

    [Fact]
    public async Task RetryAfterBeyondMaxRetryAfter_PausesTheHostUntilThen()
    {
        var pacer = Pacer(perHostDelay: TimeSpan.Zero);
        var asked = _clock.GetUtcNow();

        pacer.HoldOff("www.gob.mx", TimeSpan.FromHours(2));

        Assert.Equal(asked + TimeSpan.FromHours(2), pacer.PausedUntil("www.gob.mx"));
        var paused = await Assert.ThrowsAsync<HostPausedException>(() => pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None));
        Assert.Equal((asked + TimeSpan.FromHours(2), CheckReasons.RetryAfter), (paused.Until, paused.Reason));

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Null(pacer.PausedUntil("www.gob.mx"));
        await pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None).WaitAsync(Bound);
    }

    [Fact]
    public void RetryAfterOfYears_PausesTheHostForAWeekAtMost()
    {
        var pacer = Pacer(perHostDelay: TimeSpan.Zero);

        pacer.HoldOff("www.gob.mx", TimeSpan.FromDays(3650));

        Assert.Equal(_clock.GetUtcNow() + HostPacer.LongestPause, pacer.PausedUntil("www.gob.mx"));
    }

    [Fact]
    public async Task CancelledWait_GivesUpItsTurn_WhichPassesUnused()
    {
        var pacer = Pacer(perHostDelay: TimeSpan.FromSeconds(1));
        await pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None).WaitAsync(Bound);
        using var cancel = new CancellationTokenSource();
        var cancelled = pacer.WaitTurnAsync("www.gob.mx", cancel.Token);
        var third = pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Bound));

        _clock.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(third.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        await third.WaitAsync(Bound);
    }

    /// <summary>
    /// A machine that sets its clock (a virtual machine catching up, a time daemon stepping it) moves the wall time but
    /// not the time that has passed: the next turn still waits for the delay.
    /// </summary>
    [Fact]
    public async Task WallClockSteppedForward_DoesNotShortenTheWaitForATurn()
    {
        var wall = new MovableClock();
        var pacer = Pacer(perHostDelay: TimeSpan.FromSeconds(2), wall);
        await pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None).WaitAsync(Bound);

        wall.Advance(TimeSpan.FromHours(1));
        var second = pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.False(second.IsCompleted);
        await second.WaitAsync(Bound);
    }

    [Fact]
    public async Task WallClockSteppedForward_DoesNotEndAPauseEarly()
    {
        var wall = new MovableClock();
        var pacer = Pacer(perHostDelay: TimeSpan.Zero, wall);
        pacer.HoldOff("www.gob.mx", TimeSpan.FromHours(2));

        wall.Advance(TimeSpan.FromHours(3));

        var paused = await Assert.ThrowsAsync<HostPausedException>(() => pacer.WaitTurnAsync("www.gob.mx", CancellationToken.None));
        Assert.True(paused.Until > wall.GetUtcNow() + TimeSpan.FromMinutes(119), $"paused until {paused.Until:O}");
        Assert.Equal(paused.Until, pacer.PausedUntil("www.gob.mx")!.Value, TimeSpan.FromSeconds(5));
    }

    private HostPacer Pacer(TimeSpan perHostDelay, TimeProvider? clock = null) =>
        new(Microsoft.Extensions.Options.Options.Create(new FetchOptions { PerHostDelay = perHostDelay }), clock ?? _clock);
}
