using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Infrastructure.Options;

/// <summary><c>Monitor:Fetch</c>: one check's HTTP behaviour.</summary>
public sealed class FetchOptions
{
    public const string Section = "Monitor:Fetch";

    public const string DefaultUserAgent =
        "CitationMonitor/0.1 (+https://github.com/citation-monitor/citation-monitor; checks cited sources for link rot)";

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "Monitor:Fetch:Timeout must be between {1} and {2}.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1024, 2_147_483_647, ErrorMessage = "Monitor:Fetch:MaxBodyBytes must be between {1} and {2}.")]
    public long MaxBodyBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// Size past which a body is large: it is read further only while its check holds one of
    /// <see cref="MaxLargeBodies"/> process-wide turns, kept until the check is recorded. The wait for a turn does not
    /// count against <see cref="Timeout"/>.
    /// </summary>
    [Range(64 * 1024, 2_147_483_647, ErrorMessage = "Monitor:Fetch:LargeBodyBytes must be between {1} and {2}.")]
    public long LargeBodyBytes { get; set; } = 512 * 1024;

    /// <summary>
    /// How many checks at a time, process-wide, may read and process a body larger than <see cref="LargeBodyBytes"/>. A
    /// check asked for through the API does not wait for a turn: it stops and is refused.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Monitor:Fetch:MaxLargeBodies must be between {1} and {2}.")]
    public int MaxLargeBodies { get; set; } = 1;

    [Range(0, 100, ErrorMessage = "Monitor:Fetch:MaxRedirects must be between {1} and {2}.")]
    public int MaxRedirects { get; set; } = 10;

    [Range(0, 10, ErrorMessage = "Monitor:Fetch:RetryAttempts must be between {1} and {2}.")]
    public int RetryAttempts { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Monitor:Fetch:RetryBaseDelay must be between {1} and {2}.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Least time between the starts of two requests to one host (by name, any port), process-wide.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Monitor:Fetch:PerHostDelay must be between {1} and {2}.")]
    public TimeSpan PerHostDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest Retry-After (on 429 and 503) still waited for within one check; a longer one ends the check at once and
    /// pauses the host until the time it gives.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Monitor:Fetch:MaxRetryAfter must be between {1} and {2}.")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed requests to one host (all of its requests within the sampling window) that open its circuit.</summary>
    [Range(2, 1000, ErrorMessage = "Monitor:Fetch:HostBreakAfterFailures must be between {1} and {2}.")]
    public int HostBreakAfterFailures { get; set; } = 5;

    /// <summary>How long a host's open circuit first pauses it; doubled after each failed trial request, up to <see cref="HostBreakMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "Monitor:Fetch:HostBreak must be between {1} and {2}.")]
    public TimeSpan HostBreak { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Longest pause of a host that keeps failing (never less than <see cref="HostBreak"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "1.00:00:00", ErrorMessage = "Monitor:Fetch:HostBreakMax must be between {1} and {2}.")]
    public TimeSpan HostBreakMax { get; set; } = TimeSpan.FromHours(1);

    [Required(AllowEmptyStrings = false, ErrorMessage = "Monitor:Fetch:UserAgent must be set.")]
    public string UserAgent { get; set; } = DefaultUserAgent;

    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// How long a host's answer to a path that cannot exist is trusted before it is fetched again; <c>00:00:00</c>
    /// turns the probe off (soft 404s are then judged by their own answer only).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Monitor:Fetch:HostProbeInterval must be between {1} and {2}.")]
    public TimeSpan HostProbeInterval { get; set; } = TimeSpan.FromDays(7);
}
