using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Politeness;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// The fetch step: one request for a citation's source as a check makes it, within its host's politeness. Nothing is
/// sent while the host is paused (checked before and after the wait for a slot), at most
/// <c>MaxConcurrencyPerHost</c> such requests are in flight per host, and the request itself goes through the fetch
/// pipeline (pacing, circuit, retries, redirects, the private-network guard).
/// </summary>
internal sealed class SourceFetcher(IPageFetcher fetcher, HostGate hosts, HostPauses pauses)
{
    /// <exception cref="HostPausedException">The host may not be asked yet.</exception>
    public Task<FetchResult> FetchAsync(CitationRow citation, ConditionalRequest? conditional, CancellationToken cancellationToken)
    {
        // A paused host is not waited for, before or after the wait for a slot of MaxConcurrencyPerHost.
        pauses.ThrowIfPaused(citation.Host);
        return hosts.FetchAsync(
            citation.Host,
            () =>
            {
                pauses.ThrowIfPaused(citation.Host);
                return fetcher.FetchAsync(citation.NormalizedUrl, conditional, cancellationToken);
            },
            cancellationToken);
    }
}
