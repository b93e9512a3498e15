using CitationMonitor.Infrastructure.Checks.Recording;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Politeness;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>One look at a source: the answer (classified) and what was captured of it.</summary>
internal sealed record Look(FetchResult Fetch, Capture? Capture);

/// <summary>
/// One look at a citation's source: fetched (<see cref="SourceFetcher"/>), its capture extracted
/// (<see cref="CaptureExtractor"/>), and the answer classified (<see cref="NotFoundJudge"/>: a 2xx may be the host's
/// not-found page). A check looks once, and once more to confirm a change.
/// </summary>
internal sealed class SourceLook(SourceFetcher fetcher, CaptureExtractor extractor, NotFoundJudge notFound)
{
    /// <exception cref="HostPausedException">The host may not be asked yet.</exception>
    public async Task<Look> TakeAsync(CitationRow citation, ConditionalRequest? conditional, CancellationToken cancellationToken)
    {
        var fetch = await fetcher.FetchAsync(citation, conditional, cancellationToken);
        var capture = await extractor.ExtractAsync(citation, fetch, cancellationToken);
        return new Look(await notFound.JudgeAsync(citation, fetch, capture, cancellationToken), capture);
    }
}
