namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>Fetches one URL the way a check does: redirects hop by hop, retries, caps and timeouts.</summary>
public interface IPageFetcher
{
    /// <summary>Never throws for a failure of the remote side; only cancellation of <paramref name="cancellationToken"/> escapes.</summary>
    Task<FetchResult> FetchAsync(string url, CancellationToken cancellationToken);

    /// <summary>
    /// The same, sending the validators of <paramref name="conditional"/> to the request that goes to its URL; a 304
    /// answer to them is an <c>ok</c> result with <see cref="FetchResult.NotModified"/> and no body.
    /// </summary>
    Task<FetchResult> FetchAsync(string url, ConditionalRequest? conditional, CancellationToken cancellationToken);
}
