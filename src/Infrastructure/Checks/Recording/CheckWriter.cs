using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>Writes the check row itself: what was asked, what came back, and what was made of it.</summary>
internal sealed class CheckWriter(CheckStore checks)
{
    /// <summary>The check as written, with its new id: what reading it back would give.</summary>
    public async Task<CheckRow> WriteAsync(UnitOfWork work, CheckOutcome outcome, long? snapshotId, CancellationToken cancellationToken)
    {
        var fetch = outcome.Fetch;
        var row = new CheckRow
        {
            CitationId = outcome.CitationId,
            // Stored in UTC, as it is read back.
            StartedAt = fetch.StartedAt.ToUniversalTime(),
            DurationMs = (long)fetch.Duration.TotalMilliseconds,
            Status = fetch.Status,
            HttpStatus = fetch.HttpStatus,
            // A final URL only for an answer: a refused or unreachable URL was never reached.
            FinalUrl = fetch.HttpStatus is null ? null : fetch.FinalUrl,
            Redirects = fetch.Redirects,
            Attempts = fetch.Attempts,
            Error = fetch.Error,
            Reason = fetch.Reason,
            ContentType = fetch.ContentType,
            SnapshotId = snapshotId,
            ContentChanged = outcome.ContentChanged,
            QuoteStatus = outcome.Quote?.Status,
            QuoteSimilarity = outcome.Quote?.Similarity,
            QuoteMatch = outcome.Quote?.Match,
            NotModified = fetch.NotModified,
            MovedTo = fetch.MovedTo,
        };
        return row with { Id = await checks.InsertAsync(work, row, cancellationToken) };
    }
}
