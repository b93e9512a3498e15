using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Telemetry;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>
/// Records a check all at once: the capture, the changes, the check, what it found of each place's passage, the
/// notifications and the citation's new state,
/// each by its own writer inside one unit of work. A crash leaves either all of it or none. Checks that end together
/// are committed together (<see cref="WriteBatches"/>), each still whole or not at all.
/// </summary>
internal sealed class CheckRecorder(
    WriteBatches batches,
    SnapshotWriter snapshots,
    ChangeWriter changes,
    CheckWriter checks,
    PassageWriter passages,
    CitationStateWriter citations)
{
    /// <summary>The check as recorded (the row written, not read back: a check's own row is not changed by anything else).</summary>
    public async Task<CheckRow> RecordAsync(CheckOutcome outcome, CancellationToken cancellationToken)
    {
        var check = await batches.RunAsync(
            async (work, token) =>
            {
                var snapshotId = await snapshots.WriteAsync(work, outcome, token);
                var changeCount = await changes.WriteAsync(work, outcome, snapshotId, token);
                var check = await checks.WriteAsync(work, outcome, snapshotId, token);
                await passages.WriteAsync(work, outcome, check.Id, snapshotId, token);
                await citations.WriteAsync(work, outcome, check.Id, snapshotId, changeCount, token);
                return check;
            },
            cancellationToken);

        // Counted once committed: a check whose batch failed was not recorded.
        var host = Uri.TryCreate(outcome.Fetch.Url, UriKind.Absolute, out var url) ? url.Host : "";
        MonitorMetrics.CheckRecorded(check.Status, outcome.Fetch.Duration, host);
        return check;
    }
}
