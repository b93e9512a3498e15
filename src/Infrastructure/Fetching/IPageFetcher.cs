namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>Fetches one URL the way a check does: redirects hop by hop, retries, caps and timeouts.</summary>
public interface IPageFetcher
{
    /// <summary>
    /// Never throws for a failure of the remote side; only cancellation of <paramref name="cancellationToken"/> escapes,
    /// and <see cref="HostPausedException"/> when a host on the way may not be asked anything yet (a long Retry-After,
    /// or its circuit is open): nothing was learned about the URL then, and the check is to be postponed.
    /// </summary>
    Task<FetchResult> FetchAsync(string url, CancellationToken cancellationToken);
}
