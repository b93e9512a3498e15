namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>Fetches one URL the way a check does: redirects hop by hop, retries, caps and timeouts.</summary>
public interface IPageFetcher
{
    /// <summary>Never throws for a failure of the remote side; only cancellation of <paramref name="cancellationToken"/> escapes.</summary>
    Task<FetchResult> FetchAsync(string url, CancellationToken cancellationToken);
}
