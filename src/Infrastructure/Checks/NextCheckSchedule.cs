using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// The spread of check intervals: each draw is a fraction in [0, 1), random unless a test pins it, mapped to ±10%.
/// </summary>
internal sealed class IntervalJitter(Func<double> draw)
{
    /// <summary>The most an interval is spread by, either way: a tenth of it.</summary>
    public const double MaxFactor = 0.1;

    public static IntervalJitter Random { get; } = new(System.Random.Shared.NextDouble);

    /// <summary>The next factor to spread an interval by, in [-0.1, 0.1).</summary>
    public double NextFactor() => (draw() * 2 * MaxFactor) - MaxFactor;
}

/// <summary>
/// When a checked citation is due again: the start of its check plus its check interval (its own, or the configured
/// one), spread by <see cref="IntervalJitter"/> so that citations added together drift apart; never before the end of
/// a pause the answer asked for (a long Retry-After).
/// </summary>
internal sealed class NextCheckSchedule(IOptions<WorkerOptions> options, HostPacer pacer, IntervalJitter jitter)
{
    public DateTimeOffset After(FetchResult fetch) => After(fetch, null);

    /// <summary>The same, for a citation with its own interval (null: the configured one).</summary>
    public DateTimeOffset After(FetchResult fetch, TimeSpan? own)
    {
        var interval = own ?? options.Value.CheckInterval;
        var next = fetch.StartedAt + interval + (interval * jitter.NextFactor());
        return Uri.TryCreate(fetch.FinalUrl, UriKind.Absolute, out var final) && pacer.PausedUntil(final.Host) is { } paused && paused > next
            ? paused
            : next;
    }
}
