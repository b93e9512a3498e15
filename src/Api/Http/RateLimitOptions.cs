using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Api.Http;

/// <summary><c>Monitor:RateLimit</c>: requests one client (by address) may make per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Monitor:RateLimit";

    [Range(1, 1_000_000_000, ErrorMessage = "Monitor:RateLimit:RequestsPerMinute must be between {1} and {2}.")]
    public int RequestsPerMinute { get; set; } = 600;

    [Range(1, 1_000_000, ErrorMessage = "Monitor:RateLimit:WritesPerMinute must be between {1} and {2}.")]
    public int WritesPerMinute { get; set; } = 60;
}
