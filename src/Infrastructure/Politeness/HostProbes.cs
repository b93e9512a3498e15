using System.Collections.Concurrent;
using System.Security.Cryptography;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// Asks each host for a path that cannot exist and keeps its answer (status, final URL, a fingerprint of its main
/// text) for <see cref="FetchOptions.HostProbeInterval"/>, so that a cited URL answering with the host's "not found"
/// template can be told from a real page. The probe is an ordinary request of the fetch pipeline: the same
/// <see cref="IPageFetcher"/> (private-network guard, timeouts, retries, redirects) under the same
/// <see cref="HostGate"/> as the checks of that host.
/// </summary>
internal sealed class HostProbes(
    IPageFetcher fetcher,
    HostGate hosts,
    IHostProbeStore store,
    NoiseRulesProvider noise,
    IOptions<FetchOptions> options,
    TimeProvider time,
    ILogger<HostProbes> logger)
{
    /// <summary>A probe that got no answer at all (a timeout, a reset) is tried again after this, not after the whole interval.</summary>
    private static readonly TimeSpan RetryUnansweredAfter = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _probing = new(StringComparer.Ordinal);

    /// <summary>
    /// The host's probe for <paramref name="url"/>'s origin, fetched now when there is none fresh; null when probes
    /// are turned off. Concurrent checks of one origin wait for a single probe.
    /// </summary>
    public async Task<HostProbe?> ForAsync(Uri url, string host, CancellationToken cancellationToken)
    {
        if (options.Value.HostProbeInterval <= TimeSpan.Zero)
        {
            return null;
        }

        var origin = OriginOf(url);
        if (await store.GetAsync(origin, cancellationToken) is { } stored && IsFresh(stored, host))
        {
            return stored;
        }

        // The probe's answer may be large while the turn is taken, perhaps by a check waiting for this very lock: the
        // lock is given back before waiting for the turn.
        var gate = _probing.GetOrAdd(origin, _ => new SemaphoreSlim(1, 1));
        return await LargeBodies.WithTurnAsync(
            async () =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    if (await store.GetAsync(origin, cancellationToken) is { } meanwhile && IsFresh(meanwhile, host))
                    {
                        return meanwhile;
                    }

                    var probe = await ProbeAsync(origin, host, cancellationToken);
                    await store.SaveAsync(probe, cancellationToken);
                    return probe;
                }
                finally
                {
                    gate.Release();
                }
            },
            cancellationToken);
    }

    /// <summary>scheme://host[:port] of <paramref name="url"/>, lower-case, the default port left out.</summary>
    internal static string OriginOf(Uri url) => url.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    /// <summary>A path no site has: 20 random hex digits, a dash and 8 more.</summary>
    internal static string RandomPath() =>
        $"/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10))}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>The main-text fingerprint of an answer, leaving out what it may echo from its request.</summary>
    internal static TextFingerprint Fingerprint(string text, string url, string finalUrl) =>
        TextFingerprint.Of(text, [PathOf(url), PathOf(finalUrl)]);

    /// <summary>
    /// Whether a stored probe still speaks for its origin: recent enough, and its text extracted as the host's pages are
    /// now (a probe fingerprinted by another extractor, or with other ignore selectors, is probed again).
    /// </summary>
    private bool IsFresh(HostProbe probe, string host)
    {
        if (!ExtractionStamp.Matches(probe.Extraction, ContentExtractor.Stamp(noise.ExtractionFor(host))))
        {
            return false;
        }

        var interval = options.Value.HostProbeInterval;
        var valid = probe.HttpStatus is null && RetryUnansweredAfter < interval ? RetryUnansweredAfter : interval;
        var age = time.GetUtcNow() - probe.ProbedAt;
        return age >= TimeSpan.Zero && age < valid;
    }

    private async Task<HostProbe> ProbeAsync(string origin, string host, CancellationToken cancellationToken)
    {
        var url = origin + RandomPath();
        FetchResult fetch;
        await using (await hosts.EnterAsync(host, cancellationToken))
        {
            // A large answer while the turn is taken ends the probe with LargeBodyTurnBusyException, for ForAsync to wait.
            fetch = await fetcher.FetchAsync(url, cancellationToken);
        }

        TextFingerprint? fingerprint = null;
        string? title = null;
        var textLength = 0;
        var rules = noise.ExtractionFor(host);
        if (fetch.HttpStatus is >= 200 and < 300 && fetch.Body is { } body)
        {
            var content = ContentExtractor.Extract(body, fetch.ContentType, rules);
            fingerprint = Fingerprint(content.Text, fetch.Url, fetch.FinalUrl);
            title = content.Title;
            textLength = content.Text.Length;
        }

        logger.LogInformation(
            "Probed {Origin} with a path that cannot exist: {Status} (HTTP {HttpStatus}), {Words} words",
            origin, fetch.Status.ToWireName(), fetch.HttpStatus, fingerprint?.Words ?? 0);

        return new HostProbe(
            origin, host, fetch.StartedAt, fetch.Url, fetch.FinalUrl, fetch.HttpStatus, fetch.Status, fetch.Reason, title,
            fingerprint, textLength)
        {
            Extraction = ContentExtractor.Stamp(rules),
        };
    }

    private static string PathOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.AbsolutePath) : url;
}
