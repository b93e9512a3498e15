using System.Diagnostics;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>
/// Looks at cited sources once each, through the look step of the monitor's checks (<see cref="SourceLook"/>: the
/// guarded fetch with its politeness, the extraction, the soft-404 classification), and records nothing: no baseline,
/// no comparison, no health. At most <see cref="WorkerOptions.MaxConcurrency"/> looks run at once, and the fetch step
/// holds each host to <see cref="WorkerOptions.MaxConcurrencyPerHost"/> and its requests to
/// <see cref="FetchOptions.PerHostDelay"/> apart.
/// </summary>
internal sealed class SourceChecks(SourceLook look, LargeBodies largeBodies, IOptions<WorkerOptions> worker)
{
    /// <summary>Looks at every source, in turns across hosts; the results in the order of <paramref name="sources"/>.</summary>
    /// <param name="sources">The sources to look at.</param>
    /// <param name="done">Called as each look ends, with how many have ended.</param>
    /// <param name="cancellationToken">Stops the looks.</param>
    public async Task<IReadOnlyList<SourceCheck>> CheckAllAsync(
        IReadOnlyList<CitedSource> sources, Action<SourceCheck, int> done, CancellationToken cancellationToken)
    {
        var results = new SourceCheck[sources.Count];
        var ended = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = worker.Value.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(AcrossHosts(sources), options, async (index, token) =>
        {
            var (check, _) = await LookAsync(sources[index], token);
            results[index] = check;
            done(check, Interlocked.Increment(ref ended));
        });
        return results;
    }

    /// <summary>One look at <paramref name="source"/>: its result, and the body it answered when it is <c>ok</c>.</summary>
    public async Task<(SourceCheck Check, byte[]? Body)> LookAsync(CitedSource source, CancellationToken cancellationToken)
    {
        var citation = new CitationRow
        {
            Url = source.Url,
            NormalizedUrl = source.Normalized.Url,
            UrlKey = source.Normalized.Key,
            Host = source.Normalized.Host,
        };
        var started = Stopwatch.GetTimestamp();

        // As a check of the scheduler: a large body waits for its turn, held until the look is done with it.
        using var turn = largeBodies.BeginCheck();
        try
        {
            var (fetch, _) = await look.TakeAsync(citation, conditional: null, baseline: null, cancellationToken);
            var check = Row(source, fetch.Status, fetch.Reason, fetch.HttpStatus, fetch.FinalUrl, fetch.Error, Stopwatch.GetElapsedTime(started));
            return (check, fetch.Status == CheckStatus.Ok ? fetch.Body : null);
        }
        catch (HostPausedException paused)
        {
            // The monitor would postpone the check; a single run cannot. A host that asked to be left alone cannot tell
            // (rate_limited); one whose circuit opened has just failed to connect again and again (connection_error).
            var status = paused.Reason == CheckReasons.RetryAfter ? CheckStatus.RateLimited : CheckStatus.ConnectionError;
            return (Row(source, status, paused.Reason, null, null, paused.Message, Stopwatch.GetElapsedTime(started)), null);
        }
    }

    private static SourceCheck Row(
        CitedSource source, CheckStatus status, string? reason, int? httpStatus, string? finalUrl, string? error, TimeSpan duration) =>
        new(
            source.Url, source.Normalized.Url, source.Context, source.Occurrences, source.Self,
            status, reason, httpStatus, finalUrl, error, ReadinessRules.Of(status),
            Verdicts.OfOneCheck(status, httpStatus, reason, source.Normalized.Url, finalUrl),
            (long)duration.TotalMilliseconds);

    /// <summary>
    /// The indexes of <paramref name="sources"/>, one host after another in turn (the first source of each host, then
    /// the second...), so that the looks in flight are spread over hosts instead of queueing for one.
    /// </summary>
    internal static IEnumerable<int> AcrossHosts(IReadOnlyList<CitedSource> sources)
    {
        var byHost = sources
            .Select((source, index) => (source.Normalized.Host, index))
            .GroupBy(s => s.Host, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Select(s => s.index).ToList())
            .ToList();
        for (var round = 0; byHost.Count > 0; round++)
        {
            foreach (var host in byHost.Where(h => round < h.Count))
            {
                yield return host[round];
            }

            byHost.RemoveAll(h => round + 1 >= h.Count);
        }
    }
}
