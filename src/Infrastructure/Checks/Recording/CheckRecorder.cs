using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>
/// Records a check all at once: the capture, the changes, the check, what it found of each place's passage, the
/// notifications and the citation's new state,
/// each by its own writer inside one unit of work. A crash leaves either all of it or none.
/// </summary>
internal sealed class CheckRecorder(
    IDbConnectionFactory connections,
    SnapshotWriter snapshots,
    ChangeWriter changes,
    CheckWriter checks,
    PassageWriter passages,
    CitationStateWriter citations)
{
    /// <summary>The check as recorded (the row written, not read back: a check's own row is not changed by anything else).</summary>
    public async Task<CheckRow> RecordAsync(CheckOutcome outcome, CancellationToken cancellationToken)
    {
        await using var work = await connections.BeginAsync(cancellationToken);
        var snapshotId = await snapshots.WriteAsync(work, outcome, cancellationToken);
        var changeCount = await changes.WriteAsync(work, outcome, snapshotId, cancellationToken);
        var check = await checks.WriteAsync(work, outcome, snapshotId, cancellationToken);
        await passages.WriteAsync(work, outcome, check.Id, snapshotId, cancellationToken);
        await citations.WriteAsync(work, outcome, check.Id, snapshotId, changeCount, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return check;
    }
}
