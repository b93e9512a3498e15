using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace CitationMonitor.Infrastructure.Scheduling;

/// <summary>
/// Wakes every PollInterval and checks the citations that are due, within the process's <see cref="CheckBudget"/>
/// (MaxConcurrency at once, MaxConcurrencyPerHost per host, counting the checks asked for through the API too; the
/// requests themselves through <see cref="HostGate"/>), until none is due: a new check starts as soon as a slot frees,
/// on a host that has room for it.
/// On shutdown it takes no new citation and gives checks in flight <see cref="WorkerOptions.ShutdownGrace"/> to finish.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DueCitationsJob(
    CitationLeaseStore leases,
    CitationChecker checker,
    OverdueBrokenCitations overdue,
    CheckBudget budget,
    IHostApplicationLifetime lifetime,
    IOptions<WorkerOptions> options,
    IOptions<HealthOptions> healthOptions,
    TimeProvider time,
    ILogger<DueCitationsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var worker = options.Value;
        var stopping = lifetime.ApplicationStopping;

        // Checks in flight are cancelled only when the grace period after a shutdown request runs out.
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var onStopping = stopping.Register(() => hardStop.CancelAfter(worker.ShutdownGrace));

        await ReleaseAbandonedAsync(hardStop.Token);
        var abandonedLookedAt = time.GetTimestamp();
        var promoted = await overdue.PromoteAsync(healthOptions.Value.ToPolicy(), hardStop.Token);
        if (promoted > 0)
        {
            logger.LogInformation("{Count} citation(s) failing for longer than BrokenAfter are now broken", promoted);
        }

        // A rolling sweep: whenever a check ends, the next citation starts, preferring hosts with fewer checks in flight,
        // and more are claimed as the queue runs low. No check waits for a whole batch to finish (a change being
        // confirmed holds its slot for ConfirmAfter), and no slot sits waiting on a host that already has its share.
        // Slots and shares are the process's budget, shared with checks asked for through the API: the sweep waits for
        // a slot they hold, and while it waits the API starts no check (so it is never starved).
        var queue = new List<(DueCitation Citation, string Owner, long ClaimedAt)>();
        var running = new HashSet<Task>();
        var exhausted = false;
        using var noMoreStarts = CancellationTokenSource.CreateLinkedTokenSource(hardStop.Token, stopping);

        async Task<bool> StartAsync(int index)
        {
            var (citation, claimedBy, claimedAt) = queue[index];
            CheckBudget.CheckSlot slot;
            try
            {
                slot = await budget.EnterAsync(citation.Host, noMoreStarts.Token);
            }
            catch (OperationCanceledException) when (!hardStop.IsCancellationRequested)
            {
                // Shutdown was asked for while the sweep waited for a slot: the citation stays queued and is given back.
                return false;
            }

            queue.RemoveAt(index);
            running.Add(CheckOneAsync(citation, claimedBy, time.GetElapsedTime(claimedAt), slot, hardStop.Token));
            return true;
        }

        try
        {
            while (true)
            {
                var accepting = !stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
                while (accepting && running.Count < worker.MaxConcurrency)
                {
                    var (idle, withRoom) = NextIndex(queue, budget);
                    if (idle is not { } next)
                    {
                        // No queued citation of an idle host: claim more, unless none is due or enough is already held
                        // for busy hosts; then a second check of a busy host, if one has room.
                        if (exhausted || queue.Count >= worker.MaxConcurrency * MaxQueuedPerSlot)
                        {
                            if (withRoom is not { } second || !await StartAsync(second))
                            {
                                break;
                            }

                            continue;
                        }

                        if (time.GetElapsedTime(abandonedLookedAt) >= worker.PollInterval)
                        {
                            // A sweep can run for hours; a process that died meanwhile must not hold its citations that long.
                            await ReleaseAbandonedAsync(hardStop.Token);
                            abandonedLookedAt = time.GetTimestamp();
                        }

                        var owner = LeaseOwners.New();
                        var claimedAt = time.GetTimestamp();
                        var due = await leases.ClaimDueAsync(owner, worker.MaxConcurrency * 2, hardStop.Token);
                        exhausted = due.Count == 0;
                        queue.AddRange(due.Select(citation => (citation, owner, claimedAt)));
                        continue;
                    }

                    if (!await StartAsync(next))
                    {
                        break;
                    }
                }

                if (running.Count == 0)
                {
                    return;
                }

                var done = await Task.WhenAny(running);
                running.Remove(done);
                await done;
            }
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            logger.LogWarning("Sweep stopped: shutdown grace period over, unfinished checks were abandoned");
        }
        finally
        {
            // Claimed but never started (shutdown): give them back now rather than when their lease expires.
            foreach (var (citation, owner, _) in queue)
            {
                await leases.ReleaseAsync(citation.Id, owner, CancellationToken.None);
            }
        }
    }

    private async Task ReleaseAbandonedAsync(CancellationToken cancellationToken)
    {
        var abandoned = await leases.ReleaseAbandonedAsync(cancellationToken);
        if (abandoned > 0)
        {
            logger.LogWarning("{Count} citation lease(s) held by a process that no longer runs were given back", abandoned);
        }
    }

    /// <summary>Citations held in the queue per check slot while their hosts are busy, before no more are claimed.</summary>
    private const int MaxQueuedPerSlot = 8;

    /// <summary>
    /// The first queued citation (the queue is in claim order) of a host with no check in flight, and the first of a
    /// host with fewer than its share: a second check of a busy host mostly waits for its turn (PerHostDelay) in a slot
    /// that another host could use, so it comes second. Checks in flight are the whole process's, the API's too.
    /// </summary>
    private static (int? Idle, int? WithRoom) NextIndex(List<(DueCitation Citation, string Owner, long ClaimedAt)> queue, CheckBudget budget)
    {
        var maxPerHost = budget.MaxConcurrencyPerHost;
        int? withRoom = null;
        for (var i = 0; i < queue.Count; i++)
        {
            var inFlight = budget.InFlightOn(queue[i].Citation.Host);
            if (inFlight == 0)
            {
                return (i, withRoom);
            }

            if (withRoom is null && inFlight < maxPerHost)
            {
                withRoom = i;
            }
        }

        return (null, withRoom);
    }

    private async Task CheckOneAsync(DueCitation citation, string owner, TimeSpan sinceClaim, CheckBudget.CheckSlot slot, CancellationToken token)
    {
        using var _ = slot;
        try
        {
            await checker.CheckClaimedAsync(citation.Id, owner, sinceClaim, slot, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await leases.ReleaseAsync(citation.Id, owner, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            // One citation's failure must never stop the sweep; its lease expires and it is retried.
            logger.LogError(ex, "Check of citation {CitationId} failed unexpectedly", citation.Id);
        }
    }
}
