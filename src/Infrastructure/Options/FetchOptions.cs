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

    [Range(0, 100, ErrorMessage = "Monitor:Fetch:MaxRedirects must be between {1} and {2}.")]
    public int MaxRedirects { get; set; } = 10;

    [Range(0, 10, ErrorMessage = "Monitor:Fetch:RetryAttempts must be between {1} and {2}.")]
    public int RetryAttempts { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Monitor:Fetch:RetryBaseDelay must be between {1} and {2}.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

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
