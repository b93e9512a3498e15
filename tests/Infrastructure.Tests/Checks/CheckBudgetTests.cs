using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Options;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>
/// The process's budget of checks on its own: slots taken and given back, the host's share, checks that wait in turn,
/// and checks asked for through the API that never wait and never go before one that waits.
/// </summary>
public sealed class CheckBudgetTests
{
    [Fact]
    public void TryEnter_TakesFreeSlots_ThenIsRefusedNamingMaxConcurrency()
    {
        var budget = Budget(maxConcurrency: 2, maxPerHost: 2);

        Assert.True(budget.TryEnter("a.example", out var first, out _));
        Assert.True(budget.TryEnter("b.example", out var second, out _));
        Assert.False(budget.TryEnter("c.example", out var none, out var refusal));

        Assert.Null(none);
        Assert.Equal(new CheckRefusal(CheckRefusal.MaxConcurrency, null, 2, 2), refusal);
        Assert.False(first!.MayWait);
        first.Dispose();
        first.Dispose();
        Assert.Equal(1, budget.InFlight);
        Assert.True(budget.TryEnter("c.example", out var third, out _));
        second!.Dispose();
        third!.Dispose();
        Assert.Equal(0, budget.InFlight);
    }

    [Fact]
    public void TryEnter_OfAHostWithItsShare_IsRefusedNamingTheHost_WhileAnotherHostHasRoom()
    {
        var budget = Budget(maxConcurrency: 8, maxPerHost: 2);

        Assert.True(budget.TryEnter("gob.mx", out var first, out _));
        Assert.True(budget.TryEnter("GOB.MX", out var second, out _));
        Assert.False(budget.TryEnter("gob.mx", out _, out var refusal));
        Assert.True(budget.TryEnter("oas.org", out var other, out _));

        Assert.Equal(new CheckRefusal(CheckRefusal.MaxConcurrencyPerHost, "gob.mx", 2, 2), refusal);
        Assert.Equal(2, budget.InFlightOn("gob.mx"));
        first!.Dispose();
        Assert.Equal(1, budget.InFlightOn("gob.mx"));
        second!.Dispose();
        other!.Dispose();
        Assert.Equal(0, budget.InFlightOn("gob.mx"));
    }

    [Fact]
    public async Task WhileACheckWaitsForASlot_NoCheckAskedForNowIsStarted_AndTheFreedSlotGoesToTheOneWaiting()
    {
        var budget = Budget(maxConcurrency: 1, maxPerHost: 2);
        Assert.True(budget.TryEnter("a.example", out var held, out _));

        var waiting = budget.EnterAsync("b.example", CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, budget.Waiting);

        held!.Dispose();
        // The slot went to the check that waited, before anyone asking now could take it.
        Assert.False(budget.TryEnter("c.example", out _, out var refusal));
        Assert.Equal(CheckRefusal.MaxConcurrency, refusal!.Reason);
        using var handed = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(handed.MayWait);
        Assert.Equal("b.example", handed.Host);
        Assert.Equal(1, budget.InFlightOn("b.example"));
        Assert.Equal(0, budget.Waiting);
    }

    [Fact]
    public async Task AWaitingCheckThatIsCancelled_LeavesTheQueue_SoChecksAskedForNowStartAgain()
    {
        var budget = Budget(maxConcurrency: 1, maxPerHost: 1);
        Assert.True(budget.TryEnter("a.example", out var held, out _));
        using var cancel = new CancellationTokenSource();
        var waiting = budget.EnterAsync("b.example", cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, budget.Waiting);
        held!.Dispose();
        Assert.True(budget.TryEnter("c.example", out var next, out _));
        next!.Dispose();
        Assert.Equal(0, budget.InFlight);
    }

    [Fact]
    public async Task ChecksThatWait_AreServedInTurn()
    {
        var budget = Budget(maxConcurrency: 1, maxPerHost: 4);
        var first = await budget.EnterAsync("a.example", CancellationToken.None);
        var second = budget.EnterAsync("b.example", CancellationToken.None);
        var third = budget.EnterAsync("c.example", CancellationToken.None);

        first.Dispose();
        var secondSlot = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(third.IsCompleted);
        secondSlot.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();

        Assert.Equal(0, budget.InFlight);
    }

    private static CheckBudget Budget(int maxConcurrency, int maxPerHost) =>
        new(Microsoft.Extensions.Options.Options.Create(new WorkerOptions { MaxConcurrency = maxConcurrency, MaxConcurrencyPerHost = maxPerHost }));
}
