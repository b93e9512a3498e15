using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Infrastructure.Options;

/// <summary>The <c>Monitor</c> section: top-level keys only; each sub-section has its own class.</summary>
public sealed class MonitorOptions
{
    public const string Section = "Monitor";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Monitor:DatabasePath must be set.")]
    public string DatabasePath { get; set; } = "data/monitor.db";

    public bool SeedDefaultCitations { get; set; } = true;

    public string[] ApiKeys { get; set; } = [];
}
