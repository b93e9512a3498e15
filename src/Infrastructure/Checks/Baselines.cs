using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.Infrastructure.WebArchive;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// What a check compares with: the last confirmed <c>ok</c> capture. A source never captured whose citing document has a
/// publication date gets the web archive's capture closest to that date first, so the first check already compares with
/// the source as it was cited.
/// </summary>
internal sealed class Baselines(SnapshotStore snapshots, WebArchiveLinks webArchive)
{
    public async Task<SnapshotRow?> ForAsync(CitationRow citation, CancellationToken cancellationToken)
    {
        if (await snapshots.LatestOkAsync(citation.Id, cancellationToken) is { } baseline)
        {
            return baseline;
        }

        await webArchive.BaselineBeforeFirstCheckAsync(citation, cancellationToken);
        return await snapshots.LatestOkAsync(citation.Id, cancellationToken);
    }

    /// <summary>
    /// The validators of the baseline, for the first fetch of a check: a 304 then says the source still serves what was
    /// captured. None while a newly set passage of one of its places has not been looked for yet, which needs the text.
    /// </summary>
    public static ConditionalRequest? Conditional(CitationWithPlaces citation, SnapshotRow? baseline) =>
        citation.Places.Any(p => p.Quote is not null && p.QuoteStatus is null) ? null
        : baseline is { ETag: not null } or { LastModified: not null } ? new ConditionalRequest(baseline.FinalUrl, baseline.ETag, baseline.LastModified)
        : null;
}
