using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.WebArchive;

/// <summary>
/// Records a baseline from a web archive all at once: its body, text and snapshot (sealed in the hash chain), the change
/// from it to the monitor's latest capture when there is one (with its notifications), the citation's counters, and the
/// baseline marked done.
/// </summary>
internal sealed class BaselineRecorder(
    IDbConnectionFactory connections,
    SnapshotStore snapshots,
    ChangeStore changes,
    CitationStore citations,
    NotificationRecorder notifications,
    ArchiveWorkStore archiveWork)
{
    /// <summary>The baseline snapshot's id.</summary>
    public async Task<long> RecordAsync(BaselineCapture baseline, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var snapshot = baseline.Snapshot;
        await using var work = await connections.BeginAsync(cancellationToken);
        await work.Dialect.LockAsync(work, DbLock.SnapshotChain, cancellationToken);
        if (baseline.NewBody is { } body)
        {
            await snapshots.StoreBodyAsync(work, snapshot.Sha256, snapshot.ByteLength, body, now, cancellationToken);
        }

        if (baseline.NewText is { } text)
        {
            await snapshots.StoreTextAsync(work, snapshot.TextSha256, baseline.Text.Length, text, cancellationToken);
        }

        var snapshotId = await snapshots.InsertWebArchiveAsync(work, snapshot, cancellationToken);
        await SnapshotChain.SealAsync(work, snapshotId, cancellationToken);
        var changed = baseline is { ChangeToSnapshotId: not null, ChangeKind: not null };
        if (changed)
        {
            var comparison = baseline.Comparison is { Changed: true } c ? c : new TextComparison(false, 1.0, 0, 0, []);
            await changes.InsertAsync(
                work, snapshot.CitationId, now, snapshotId, baseline.ChangeToSnapshotId!.Value, baseline.ChangeKind!.Value, comparison,
                cancellationToken);
            var health = (await citations.IdentityAsync(work, snapshot.CitationId, cancellationToken)).Health;
            await notifications.OnChangesAsync(
                work, snapshot.CitationId, health, snapshotId, baseline.ChangeToSnapshotId!.Value, now, cancellationToken);
        }

        await citations.RecordBaselineAsync(work, snapshot.CitationId, changed ? 1 : 0, now, cancellationToken);
        await archiveWork.DoneAsync(work, snapshot.CitationId, ArchiveWorkStore.Baseline, now, null, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return snapshotId;
    }
}
