using System.ComponentModel.DataAnnotations;
using CitationMonitor.Domain.Citations;

namespace CitationMonitor.Infrastructure.Options;

/// <summary><c>Monitor:Health</c>: when failures make a citation broken.</summary>
public sealed class HealthOptions
{
    public const string Section = "Monitor:Health";

    [Range(1, 1000, ErrorMessage = "Monitor:Health:BrokenAfterFailures must be between {1} and {2}.")]
    public int BrokenAfterFailures { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00", ErrorMessage = "Monitor:Health:BrokenAfter must be between {1} and {2}.")]
    public TimeSpan BrokenAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>The thresholds as the health rules take them.</summary>
    public HealthPolicy ToPolicy() => new(BrokenAfterFailures, BrokenAfter);
}
