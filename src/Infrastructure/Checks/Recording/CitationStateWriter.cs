using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>
/// Writes what the check makes of its citation: first the notifications (the health transition is read against the
/// health still stored, and webhook deliveries are queued with what raised them), then the citation's new state, its
/// counters, and the end of the check's lease.
/// </summary>
internal sealed class CitationStateWriter(CitationStore citations, NotificationRecorder notifications, NextCheckSchedule schedule)
{
    public async Task WriteAsync(
        UnitOfWork work, CheckOutcome outcome, long checkId, long? snapshotId, int changes, CancellationToken cancellationToken)
    {
        await notifications.OnCheckAsync(
            work, new CheckNotice(outcome.CitationId, outcome.Health, checkId, changes == 0 ? null : snapshotId, outcome.RecordedAt),
            cancellationToken);

        var fetch = outcome.Fetch;
        var ok = fetch.Status == CheckStatus.Ok;
        var interval = await citations.RecordCheckAsync(
            work,
            new CheckedCitation(
                outcome.CitationId, outcome.Health, fetch.Status, fetch.HttpStatus, fetch.Reason, fetch.StartedAt, outcome.NextCheckAt,
                ok ? fetch.StartedAt : null,
                changes > 0 ? outcome.RecordedAt : null,
                // An answer's final URL and permanent move; without an answer both stay as they were.
                fetch.HttpStatus is null ? null : fetch.FinalUrl,
                fetch.MovedTo,
                ok ? outcome.Capture?.Content.Title : null,
                outcome.ConsecutiveFailures, outcome.FirstFailureAt, changes, snapshotId is null ? 0 : 1, outcome.LeaseOwner),
            cancellationToken);

        // Its interval was changed while the check ran (read under the same write lock): the next date follows the new one.
        if (interval != outcome.IntervalSeconds)
        {
            await citations.RescheduleAsync(
                work, outcome.CitationId, schedule.After(fetch, interval is { } seconds ? TimeSpan.FromSeconds(seconds) : null), cancellationToken);
        }
    }
}
