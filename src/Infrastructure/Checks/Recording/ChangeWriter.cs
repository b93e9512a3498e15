using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>
/// Writes the changes a check found against its baseline: one of the kind it was classified as, and one of kind
/// <c>quote</c> for each place whose passage moved between found, altered and missing. A change needs both ends, so a
/// check without a baseline or without a capture records none.
/// </summary>
internal sealed class ChangeWriter(ChangeStore changes)
{
    /// <summary>A title, move or type change with the same text has no word diff: similarity 1, nothing inserted or deleted.</summary>
    private static readonly TextComparison Unchanged = new(false, 1.0, 0, 0, []);

    /// <summary>How many changes were written.</summary>
    public async Task<int> WriteAsync(UnitOfWork work, CheckOutcome outcome, long? snapshotId, CancellationToken cancellationToken)
    {
        if (snapshotId is not { } to || outcome.BaselineSnapshotId is not { } from)
        {
            return 0;
        }

        var written = 0;
        if (outcome.ChangeKind is { } kind)
        {
            var comparison = outcome.Comparison is { Changed: true } textChange ? textChange : Unchanged;
            await changes.InsertAsync(work, outcome.CitationId, outcome.RecordedAt, from, to, kind, comparison, cancellationToken);
            written++;
        }

        foreach (var passage in outcome.Passages.Where(p => p.Change is not null))
        {
            await changes.InsertAsync(
                work, outcome.CitationId, outcome.RecordedAt, from, to, ChangeKind.Quote, passage.Change!, cancellationToken,
                new QuoteMove(passage.Place, passage.Before, passage.Match.Status));
            written++;
        }

        return written;
    }
}
