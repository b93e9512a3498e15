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

    /// <summary>
    /// The monitor's public address (an absolute http or https URL, e.g. <c>https://monitor.example.org</c>): the base of
    /// every link the monitor makes to itself (TimeMaps, TimeGates, mementos, Robust Links, the Atom feed, the OpenAPI
    /// document's server). Null: the monitor has no address known to be public, and links use the address it listens
    /// on; never the request's <c>Host</c>.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}
