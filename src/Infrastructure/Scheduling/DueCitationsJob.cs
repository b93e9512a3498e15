using System.Collections.Concurrent;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace CitationMonitor.Infrastructure.Scheduling;

/// <summary>
/// Wakes every PollInterval and checks the citations that are due, at most MaxConcurrency at once
/// (MaxConcurrencyPerHost per host, through <see cref="HostGate"/>), until none is due.
/// On shutdown it takes no new citation and gives checks in flight <see cref="WorkerOptions.ShutdownGrace"/> to finish.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DueCitationsJob(
    CitationLeases leases,
    CitationChecker checker,
    CitationStore citations,
    IHostApplicationLifetime lifetime,
    IOptions<WorkerOptions> options,
    IOptions<HealthOptions> healthOptions,
    ILogger<DueCitationsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var worker = options.Value;
        var stopping = lifetime.ApplicationStopping;

        // Checks in flight are cancelled only when the grace period after a shutdown request runs out.
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var onStopping = stopping.Register(() => hardStop.CancelAfter(worker.ShutdownGrace));

        var promoted = await citations.MarkOverdueBrokenAsync(healthOptions.Value, hardStop.Token);
        if (promoted > 0)
        {
            logger.LogInformation("{Count} citation(s) failing for longer than BrokenAfter are now broken", promoted);
        }

        while (!stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var owner = CitationLeases.NewOwner();
            var due = await leases.ClaimDueAsync(owner, worker.MaxConcurrency * 4, hardStop.Token);
            if (due.Count == 0)
            {
                return;
            }

            var unstarted = new ConcurrentDictionary<long, bool>(due.Select(d => KeyValuePair.Create(d.Id, true)));
            try
            {
                await Parallel.ForEachAsync(
                    due,
                    new ParallelOptions { MaxDegreeOfParallelism = worker.MaxConcurrency, CancellationToken = hardStop.Token },
                    async (citation, token) =>
                    {
                        if (!stopping.IsCancellationRequested && unstarted.TryRemove(citation.Id, out _))
                        {
                            await CheckOneAsync(citation, owner, token);
                        }
                    });
            }
            catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
            {
                logger.LogWarning("Sweep stopped: shutdown grace period over, unfinished checks were abandoned");
            }
            finally
            {
                // Claimed but never started (shutdown): give them back now rather than when their lease expires.
                foreach (var id in unstarted.Keys)
                {
                    await leases.ReleaseAsync(id, owner, CancellationToken.None);
                }
            }
        }
    }

    private async Task CheckOneAsync(DueCitation citation, string owner, CancellationToken token)
    {
        try
        {
            await checker.CheckClaimedAsync(citation.Id, owner, token);
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
