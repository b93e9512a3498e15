using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Infrastructure.Options;

/// <summary>The <c>Monitor</c> section: top-level keys only; each sub-section has its own class.</summary>
public sealed class MonitorOptions
{
    public const string Section = "Monitor";

    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = "data/monitor.db";

    public bool SeedDefaultCitations { get; set; } = true;

    public string[] ApiKeys { get; set; } = [];
}

/// <summary><c>Monitor:Worker</c>: the scheduler.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Monitor:Worker";

    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromDays(1);

    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;

    [Range(1, 64)]
    public int MaxConcurrencyPerHost { get; set; } = 2;

    /// <summary>How long shutdown waits for checks in flight before it cancels them.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary><c>Monitor:Fetch</c>: one check's HTTP behaviour.</summary>
public sealed class FetchOptions
{
    public const string Section = "Monitor:Fetch";

    public const string DefaultUserAgent =
        "CitationMonitor/0.1 (+https://github.com/citation-monitor/citation-monitor; checks cited sources for link rot)";

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1024, 2_147_483_647)]
    public long MaxBodyBytes { get; set; } = 20 * 1024 * 1024;

    [Range(0, 100)]
    public int MaxRedirects { get; set; } = 10;

    [Range(0, 10)]
    public int RetryAttempts { get; set; } = 2;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Required(AllowEmptyStrings = false)]
    public string UserAgent { get; set; } = DefaultUserAgent;

    public bool AllowPrivateNetworks { get; set; }
}

/// <summary><c>Monitor:Health</c>: when failures make a citation broken.</summary>
public sealed class HealthOptions
{
    public const string Section = "Monitor:Health";

    [Range(1, 1000)]
    public int BrokenAfterFailures { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan BrokenAfter { get; set; } = TimeSpan.FromDays(2);
}
