using CitationMonitor.Infrastructure.Checks;
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
    DueCitationQueue queue,
    CitationChecker checker,
    IHostApplicationLifetime lifetime,
    IOptions<WorkerOptions> options,
    IOptions<FetchOptions> fetchOptions,
    TimeProvider time,
    ILogger<DueCitationsJob> logger) : IJob
{
    private static readonly string Owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var worker = options.Value;
        var stopping = lifetime.ApplicationStopping;

        // Checks in flight are cancelled only when the grace period after a shutdown request runs out.
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var onStopping = stopping.Register(() => hardStop.CancelAfter(worker.ShutdownGrace));

        var lease = LeaseDuration(fetchOptions.Value);
        try
        {
            while (!stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                var due = await queue.ClaimAsync(Owner, time.GetUtcNow(), lease, worker.MaxConcurrency * 4, hardStop.Token);
                if (due.Count == 0)
                {
                    return;
                }

                await Parallel.ForEachAsync(
                    due,
                    new ParallelOptions { MaxDegreeOfParallelism = worker.MaxConcurrency, CancellationToken = hardStop.Token },
                    async (citation, token) => await CheckOneAsync(citation, stopping, token));
            }
        }
        catch (OperationCanceledException) when (hardStop.IsCancellationRequested)
        {
            logger.LogWarning("Sweep stopped: shutdown grace period over, unfinished checks were abandoned");
        }
    }

    private async Task CheckOneAsync(DueCitation citation, CancellationToken stopping, CancellationToken token)
    {
        if (stopping.IsCancellationRequested)
        {
            await queue.ReleaseAsync(citation.Id, Owner, CancellationToken.None);
            return;
        }

        try
        {
            await checker.CheckAsync(citation.Id, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            await queue.ReleaseAsync(citation.Id, Owner, CancellationToken.None);
            throw;
        }
        catch (Exception ex)
        {
            // One citation's failure must never stop the sweep; its lease expires and it is retried.
            logger.LogError(ex, "Check of citation {CitationId} failed unexpectedly", citation.Id);
        }
    }

    /// <summary>Long enough for the slowest possible check: every attempt of every hop timing out, plus backoff.</summary>
    internal static TimeSpan LeaseDuration(FetchOptions fetch)
    {
        var attempts = fetch.RetryAttempts + 1;
        var worst = (fetch.Timeout * attempts * (fetch.MaxRedirects + 1)) + (fetch.RetryBaseDelay * 8 * attempts);
        return worst < TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : worst;
    }
}
