using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Infrastructure.Options;

/// <summary>
/// <c>Monitor:Archive</c>: the web archive asked for archived copies of cited sources (the Wayback Machine unless told)
/// and, when a save endpoint is set, sent new captures.
/// </summary>
public sealed class ArchiveOptions
{
    public const string Section = "Monitor:Archive";

    /// <summary>False: no request is ever sent to a web archive.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Availability API: <c>?url=&amp;timestamp=YYYYMMDDhhmmss</c> answers the closest capture.</summary>
    public string AvailabilityEndpoint { get; set; } = "https://archive.org/wayback/available";

    /// <summary>CDX API (<c>output=json</c>): the capture closest to a date, for the baseline at citation time.</summary>
    public string CdxEndpoint { get; set; } = "https://web.archive.org/cdx/search/cdx";

    /// <summary>Replay prefix: <c>{ReplayEndpoint}{timestamp}id_/{url}</c> gives a capture's bytes as archived.</summary>
    public string ReplayEndpoint { get; set; } = "https://web.archive.org/web/";

    /// <summary>Save endpoint, the URL to save appended (<c>https://web.archive.org/save/</c>); null: nothing is submitted.</summary>
    public string? SaveEndpoint { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Monitor:Archive:Timeout must be between {1} and {2}.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00", ErrorMessage = "Monitor:Archive:PollInterval must be between {1} and {2}.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait after a failed request to the archive; each further failure waits four times longer, at most a day.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Monitor:Archive:RetryBaseDelay must be between {1} and {2}.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(10);
}
