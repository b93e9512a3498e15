using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Infrastructure.Options;

/// <summary><c>Monitor:Fixity</c>: the periodic re-reading of every stored body and the hash chain's verification.</summary>
public sealed class FixityOptions
{
    public const string Section = "Monitor:Fixity";

    /// <summary>How long after the start of the last run the next one is due.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00", ErrorMessage = "Monitor:Fixity:Interval must be between {1} and {2}.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Bodies (or texts) read per batch, each batch on its own short connection.</summary>
    [Range(1, 1000, ErrorMessage = "Monitor:Fixity:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 20;

    /// <summary>Pause between two batches, so a run never starves the checks of the database or the processor.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Monitor:Fixity:BatchPause must be between {1} and {2}.")]
    public TimeSpan BatchPause { get; set; } = TimeSpan.FromMilliseconds(200);
}
