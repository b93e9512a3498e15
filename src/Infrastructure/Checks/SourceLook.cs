using CitationMonitor.Infrastructure.Checks.Recording;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Politeness;
using CitationMonitor.Infrastructure.Snapshots;

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
    /// <param name="citation">The citation to look at.</param>
    /// <param name="conditional">Validators to send, if any.</param>
    /// <param name="baseline">The capture the look will be compared with, if any: a body identical to it is not extracted again.</param>
    /// <param name="cancellationToken">Cancels the look.</param>
    /// <exception cref="HostPausedException">The host may not be asked yet.</exception>
    public async Task<Look> TakeAsync(CitationRow citation, ConditionalRequest? conditional, SnapshotRow? baseline, CancellationToken cancellationToken)
    {
        var fetch = await fetcher.FetchAsync(citation, conditional, cancellationToken);
        var capture = await extractor.ExtractAsync(citation, fetch, baseline, cancellationToken);
        return new Look(await notFound.JudgeAsync(citation, fetch, capture, cancellationToken), capture);
    }
}
