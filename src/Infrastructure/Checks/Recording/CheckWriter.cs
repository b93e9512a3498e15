using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>Writes the check row itself: what was asked, what came back, and what was made of it.</summary>
internal sealed class CheckWriter(CheckStore checks)
{
    /// <summary>The new check's id.</summary>
    public Task<long> WriteAsync(UnitOfWork work, CheckOutcome outcome, long? snapshotId, CancellationToken cancellationToken)
    {
        var fetch = outcome.Fetch;
        return checks.InsertAsync(
            work,
            new NewCheck(
                outcome.CitationId, fetch.StartedAt, (long)fetch.Duration.TotalMilliseconds, fetch.Status, fetch.HttpStatus,
                // A final URL only for an answer: a refused or unreachable URL was never reached.
                fetch.HttpStatus is null ? null : fetch.FinalUrl,
                fetch.Redirects, fetch.Attempts, fetch.Error, fetch.Reason, fetch.ContentType, snapshotId, outcome.ContentChanged,
                outcome.Quote?.Status, outcome.Quote?.Similarity, outcome.Quote?.Match, fetch.NotModified, fetch.MovedTo),
            cancellationToken);
    }
}
