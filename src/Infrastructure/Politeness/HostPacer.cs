using System.Collections.Concurrent;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// Spaces the requests to each host, process-wide: every request <see cref="PageFetcher"/> sends (each redirect hop,
/// each retry, the confirming fetch) takes a turn here first, so two requests to one host (by name, any port) never
/// start closer than <see cref="FetchOptions.PerHostDelay"/>. Turns are handed out in the order they are asked for;
/// a cancelled wait gives up its turn, which then simply passes unused.
/// A Retry-After from the host moves every later turn after it; one beyond <see cref="FetchOptions.MaxRetryAfter"/>
/// pauses the host: until then no request to it starts at all (<see cref="HostPausedException"/>).
/// Turns and pauses are measured on the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>), so a step of the wall
/// clock (a machine setting its time) neither lets two requests go out together nor ends a pause early; a pause's end is
/// reported in wall time, as now plus the time left.
/// </summary>
internal sealed class HostPacer(IOptions<FetchOptions> options, TimeProvider time)
{
    /// <summary>The longest pause a host can ask for: a Retry-After of years is a mistake, not a wish to be kept.</summary>
    public static readonly TimeSpan LongestPause = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, HostTurns> _hosts = new(StringComparer.Ordinal);
    private readonly long _origin = time.GetTimestamp();

    /// <summary>The key of a host: its name in lower case, without the port.</summary>
    public static string KeyOf(string host) => host.ToLowerInvariant();

    /// <summary>Waits for the next turn to send a request to <paramref name="host"/>.</summary>
    /// <exception cref="HostPausedException">The host is paused by a long Retry-After.</exception>
    public async Task WaitTurnAsync(string host, CancellationToken cancellationToken)
    {
        var turns = _hosts.GetOrAdd(KeyOf(host), static _ => new HostTurns());
        var spacing = options.Value.PerHostDelay;
        while (true)
        {
            TimeSpan wait;
            long holdOffs;
            lock (turns.Lock)
            {
                var now = Now();
                if (turns.PauseEnd > now)
                {
                    throw new HostPausedException(KeyOf(host), WallTime(turns.PauseEnd, now), CheckReasons.RetryAfter);
                }

                var start = turns.NextStart > now ? turns.NextStart : now;
                turns.NextStart = start + spacing;
                wait = start - now;
                holdOffs = turns.HoldOffs;
            }

            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            // The turn has come. A Retry-After that came meanwhile moves it behind that time (take a new turn); and
            // since a busy machine resumes timers late, the request before may really have gone out later than its
            // turn: wait until PerHostDelay has passed since it, so the host sees the spacing between real sends.
            while (true)
            {
                TimeSpan more;
                lock (turns.Lock)
                {
                    if (turns.HoldOffs != holdOffs)
                    {
                        break;
                    }

                    var now = Now();
                    more = turns.LastSent is { } last ? last + spacing - now : TimeSpan.Zero;
                    if (more <= TimeSpan.Zero)
                    {
                        turns.LastSent = now;
                        return;
                    }
                }

                await Task.Delay(more, time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The host answered with a Retry-After: no request to it starts before that time, and when it is beyond
    /// <see cref="FetchOptions.MaxRetryAfter"/> the host is paused until then.
    /// </summary>
    public void HoldOff(string host, TimeSpan retryAfter)
    {
        var turns = _hosts.GetOrAdd(KeyOf(host), static _ => new HostTurns());
        lock (turns.Lock)
        {
            var pause = retryAfter < LongestPause ? retryAfter : LongestPause;
            var next = Now() + pause;
            if (next > turns.NextStart)
            {
                turns.NextStart = next;
            }

            if (retryAfter > options.Value.MaxRetryAfter && next > turns.PauseEnd)
            {
                turns.PauseEnd = next;
            }

            turns.HoldOffs++;
        }
    }

    /// <summary>Until when the host is paused by a long Retry-After; null when it is not.</summary>
    public DateTimeOffset? PausedUntil(string host)
    {
        if (!_hosts.TryGetValue(KeyOf(host), out var turns))
        {
            return null;
        }

        lock (turns.Lock)
        {
            var now = Now();
            return turns.PauseEnd > now ? WallTime(turns.PauseEnd, now) : null;
        }
    }

    /// <summary>The hosts paused now by a long Retry-After.</summary>
    public IReadOnlyList<string> PausedHosts()
    {
        var now = Now();
        var paused = new List<string>();
        foreach (var (host, turns) in _hosts)
        {
            lock (turns.Lock)
            {
                if (turns.PauseEnd > now)
                {
                    paused.Add(host);
                }
            }
        }

        return paused;
    }

    /// <summary>The monotonic time since the clock's start; turns and pauses are measured on it.</summary>
    private TimeSpan Now() => time.GetElapsedTime(_origin);

    /// <summary>A moment on the monotonic clock as wall time, for reports: now plus the time left until it.</summary>
    private DateTimeOffset WallTime(TimeSpan moment, TimeSpan now) => time.GetUtcNow() + (moment - now);

    private sealed class HostTurns
    {
        public Lock Lock { get; } = new();

        /// <summary>When the last request really went out, on the monotonic clock.</summary>
        public TimeSpan? LastSent { get; set; }

        /// <summary>The earliest start of the next turn, on the monotonic clock.</summary>
        public TimeSpan NextStart { get; set; } = TimeSpan.MinValue;

        /// <summary>The end of a pause asked for by a long Retry-After, on the monotonic clock.</summary>
        public TimeSpan PauseEnd { get; set; } = TimeSpan.MinValue;

        /// <summary>Counts Retry-Afters received, so a waiting request can tell that one came meanwhile.</summary>
        public long HoldOffs { get; set; }
    }
}
