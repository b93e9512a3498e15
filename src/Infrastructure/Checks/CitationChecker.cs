using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Checks.Recording;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// One check of one citation, the same for the scheduler and for <c>POST /api/citations/{id}/check</c>, as a pipeline of
/// steps: claim the citation's lease, find the baseline, look at the source (<see cref="SourceLook"/>: fetch, extract,
/// classify), compare with the baseline and confirm a change (<see cref="BaselineComparer"/>), judge
/// (<see cref="CheckJudge"/>) and record it all at once (<see cref="CheckRecorder"/>). The path is told step by step in
/// <c>docs/architecture.md</c>. Every check holds a slot of the process's <see cref="CheckBudget"/> while it runs.
/// </summary>
internal sealed class CitationChecker(
    CitationLeaseStore leases,
    CitationStore citations,
    Baselines baselines,
    SourceLook sourceLook,
    BaselineComparer comparer,
    CheckJudge judge,
    CheckRecorder recorder,
    LargeBodies largeBodies,
    CheckBudget budget,
    ILogger<CitationChecker> logger)
{
    /// <summary>
    /// Checks a citation now, unless another check of it is in progress, once the process's budget has a slot for it
    /// (waited for in turn, as the scheduler does).
    /// </summary>
    public async Task<CheckRun> CheckAsync(long citationId, CancellationToken cancellationToken)
    {
        if (await citations.GetRowAsync(citationId, cancellationToken) is not { } source)
        {
            return CheckRun.NotFound;
        }

        if (source.Retired)
        {
            return CheckRun.Retired;
        }

        using var slot = await budget.EnterAsync(source.Host, cancellationToken);
        return await CheckInSlotAsync(citationId, slot, cancellationToken);
    }

    /// <summary>
    /// Checks a citation now for a client (<c>POST /api/citations/{id}/check</c>), within the process's budget and
    /// without waiting for it: refused when every slot is taken or a check waits for one, when the host has its share of
    /// checks in flight, or (having recorded nothing) when the body is large and every large-body turn is taken. A
    /// retired citation is not checked; a paused one is (a pause holds back the scheduler only).
    /// </summary>
    public async Task<CheckRun> TryCheckNowAsync(long citationId, CancellationToken cancellationToken)
    {
        if (await citations.GetRowAsync(citationId, cancellationToken) is not { } source)
        {
            return CheckRun.NotFound;
        }

        if (source.Retired)
        {
            return CheckRun.Retired;
        }

        if (!budget.TryEnter(source.Host, out var slot, out var refusal))
        {
            return CheckRun.Refused(refusal!);
        }

        using (slot)
        {
            return await CheckInSlotAsync(citationId, slot!, cancellationToken);
        }
    }

    /// <summary>
    /// Checks a citation the scheduler claimed in a batch <paramref name="sinceClaim"/> ago, in the slot of the budget it
    /// holds for it. A claim that waited long is renewed first, and the check is skipped when the lease was lost
    /// meanwhile; a fresh one is not (<see cref="CitationLeaseStore.FreshFor"/>: no one else can take a lease before it
    /// runs out, and it still has a whole lease's time ahead). Either way the check is skipped, its claim given back,
    /// when the citation was paused or retired since.
    /// </summary>
    public async Task<CheckRun> CheckClaimedAsync(
        long citationId, string owner, TimeSpan sinceClaim, CheckBudget.CheckSlot slot, CancellationToken cancellationToken)
    {
        if (sinceClaim < leases.FreshFor || await leases.TryClaimScheduledAsync(citationId, owner, cancellationToken))
        {
            return await CheckLeasedAsync(citationId, owner, slot, scheduled: true, cancellationToken);
        }

        await leases.ReleaseAsync(citationId, owner, CancellationToken.None);
        return CheckRun.Busy;
    }

    private async Task<CheckRun> CheckInSlotAsync(long citationId, CheckBudget.CheckSlot slot, CancellationToken cancellationToken)
    {
        var owner = LeaseOwners.New();
        if (!await leases.TryClaimAsync(citationId, owner, cancellationToken))
        {
            return await citations.ExistsAsync(citationId, cancellationToken) ? CheckRun.Busy : CheckRun.NotFound;
        }

        try
        {
            return await CheckLeasedAsync(citationId, owner, slot, scheduled: false, cancellationToken);
        }
        finally
        {
            // A recorded check has already cleared the lease; this only gives back an abandoned one.
            await leases.ReleaseAsync(citationId, owner, CancellationToken.None);
        }
    }

    private async Task<CheckRun> CheckLeasedAsync(
        long citationId, string owner, CheckBudget.CheckSlot slot, bool scheduled, CancellationToken cancellationToken)
    {
        try
        {
            return await RunStepsAsync(citationId, owner, slot.MayWait, scheduled, cancellationToken);
        }
        catch (LeaseLostException)
        {
            // Another process holds the citation now and checks it; nothing of this check is recorded.
            logger.LogWarning("Check of citation {CitationId} abandoned: its lease ran out while it waited, and another process claimed it", citationId);
            return CheckRun.Busy;
        }
        catch (HostPausedException paused)
        {
            // The host may not be asked yet: no check is recorded (nothing was learned about the source) and the
            // citation is due again when the host may be asked, unless it was due later anyway.
            await leases.PostponeAsync(citationId, owner, paused.Until, CancellationToken.None);
            logger.LogInformation(
                "Check of citation {CitationId} postponed: host {Host} is paused until {Until:O} ({Reason})",
                citationId, paused.Host, paused.Until, paused.Reason);
            return CheckRun.Postponed(paused.Host, paused.Until, paused.Reason);
        }
        catch (LargeBodyTurnRefusedException)
        {
            // A check that may not wait met a large body with every turn taken: nothing is recorded, and the citation
            // stays due when it was (the lease is given back by the caller).
            logger.LogInformation("Check of citation {CitationId} refused: its body is large and every large-body turn is taken", citationId);
            return CheckRun.Refused(new CheckRefusal(CheckRefusal.MaxLargeBodies, slot.Host, largeBodies.Limit, largeBodies.Limit));
        }
    }

    private async Task<CheckRun> RunStepsAsync(long citationId, string owner, bool mayWait, bool scheduled, CancellationToken cancellationToken)
    {
        if (await citations.GetForCheckAsync(citationId, cancellationToken) is not { } source)
        {
            return CheckRun.NotFound;
        }

        var citation = source.Citation;
        if (scheduled && (citation.Paused || citation.Retired))
        {
            // Paused or retired since the scheduler claimed it: a pause holds back the scheduler, not a client's check.
            await leases.ReleaseAsync(citationId, owner, CancellationToken.None);
            return CheckRun.Busy;
        }

        // Held from the first large body on until the result is recorded: parsing and storing cost more than reading.
        // A wait for the turn may be long: the lease is renewed after it, and the check ends if it was lost meanwhile.
        // A check that may not wait takes a free turn or stops (LargeBodyTurnRefusedException).
        using var largeBodyTurn = largeBodies.BeginCheck(
            async token =>
            {
                if (!await leases.TryClaimAsync(citationId, owner, token))
                {
                    throw new LeaseLostException();
                }
            },
            mayWait);

        var baseline = await baselines.ForAsync(citation, cancellationToken);
        var look = await sourceLook.TakeAsync(citation, Baselines.Conditional(source, baseline), baseline, cancellationToken);
        var compared = await comparer.CompareAsync(citation, baseline, look, cancellationToken);
        var outcome = judge.Judge(source, compared, owner);

        // The work is done: record it even if shutdown was requested meanwhile, so nothing is half-written.
        var check = await recorder.RecordAsync(outcome, CancellationToken.None);

        logger.LogInformation(
            "Checked citation {CitationId} {Url}: {Status} {HttpStatus} in {DurationMs} ms{Changed}",
            citationId, citation.NormalizedUrl, check.Status.ToWireName(), check.HttpStatus, check.DurationMs,
            compared.Kind is { } kind ? $" ({kind.ToWireName()} change)" : "");
        return CheckRun.Done(check);
    }
}
