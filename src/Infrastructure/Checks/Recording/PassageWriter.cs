using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>
/// Writes what the check found of each place's passage: with the check and the snapshot it looked in (the evidence a
/// Robust Link picks its version from), and as the place's last verdict.
/// </summary>
internal sealed class PassageWriter(PlaceStore places)
{
    public async Task WriteAsync(UnitOfWork work, CheckOutcome outcome, long checkId, long? snapshotId, CancellationToken cancellationToken)
    {
        foreach (var passage in outcome.Passages)
        {
            await places.RecordQuoteAsync(work, new PlaceQuoteRecord(passage.Place.Id, checkId, snapshotId, passage.Match), cancellationToken);
        }
    }
}
