using System.Data.Common;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Scheduling;

/// <summary>
/// When the scheduler starts, the citations scheduled further out than <c>CheckInterval</c> allows (it was shortened
/// since they were checked; a citation with an interval of its own is held to that one) are brought forward to the date the interval gives them now (<see cref="Due"/>), so that
/// a shorter interval takes effect at once rather than after every source's old date. A date is never pushed later.
/// </summary>
internal sealed class CheckIntervalCatchUp(
    CitationScheduleStore schedule,
    IOptions<WorkerOptions> options,
    IntervalJitter jitter,
    TimeProvider time,
    ILogger<CheckIntervalCatchUp> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.CheckInterval;
        var now = time.GetUtcNow();
        try
        {
            var moved = await schedule.BringForwardAsync(
                now, citation => Due(citation.LastCheckedAt, citation.NextCheckAt, now, citation.CheckInterval ?? interval, jitter), cancellationToken);
            if (moved > 0)
            {
                logger.LogInformation(
                    "{Count} citation(s) scheduled further out than CheckInterval {Interval} allows were brought forward", moved, interval);
            }
        }
        catch (DbException ex)
        {
            // The citations keep their dates, and are checked then; the scheduler must still start.
            logger.LogWarning(ex, "Citations scheduled further out than CheckInterval {Interval} allows could not be brought forward", interval);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The earlier date of a citation due at <paramref name="next"/>, or null to leave it. It is left unless
    /// <paramref name="next"/> is later than its last check (or now, if never checked) plus the interval and the most
    /// jitter can add. Then it is due at that last check plus the interval, spread by the jitter as after a check; when
    /// that is already past, at now plus up to a tenth of the interval (spread by the same draw), so that the many
    /// citations a much shorter interval makes overdue do not all fall due in the same second. Never later than
    /// <paramref name="next"/>.
    /// </summary>
    public static DateTimeOffset? Due(DateTimeOffset? lastChecked, DateTimeOffset next, DateTimeOffset now, TimeSpan interval, IntervalJitter jitter)
    {
        var from = lastChecked ?? now;
        if (next <= from + (interval * (1 + IntervalJitter.MaxFactor)))
        {
            return null;
        }

        var factor = jitter.NextFactor();
        var due = from + interval + (interval * factor);
        if (due < now)
        {
            due = now + (interval * Math.Abs(factor));
        }

        return due < next ? due : null;
    }
}
