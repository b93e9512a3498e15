using CitationMonitor.Infrastructure.Politeness;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>Fetches one URL the way a check does: redirects hop by hop, retries, caps and timeouts.</summary>
public interface IPageFetcher
{
    /// <summary>
    /// Never throws for a failure of the remote side; only cancellation of <paramref name="cancellationToken"/> escapes,
    /// and <see cref="HostPausedException"/> when a host on the way may not be asked anything yet (a long Retry-After,
    /// or its circuit is open): nothing was learned about the URL then, and the check is to be postponed. Within a check
    /// (<see cref="LargeBodies.BeginCheck"/>), <see cref="LargeBodyTurnBusyException"/> escapes too: the body is large and
    /// no turn is free, which the caller waits for outside its host slot before fetching again.
    /// </summary>
    Task<FetchResult> FetchAsync(string url, CancellationToken cancellationToken);

    /// <summary>
    /// The same, sending the validators of <paramref name="conditional"/> to the request that goes to its URL; a 304
    /// answer to them is an <c>ok</c> result with <see cref="FetchResult.NotModified"/> and no body.
    /// </summary>
    Task<FetchResult> FetchAsync(string url, ConditionalRequest? conditional, CancellationToken cancellationToken);
}
