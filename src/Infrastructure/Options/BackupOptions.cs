using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Infrastructure.Options;

/// <summary><c>Monitor:Backup</c>: where online backups of the database are written.</summary>
public sealed class BackupOptions
{
    public const string Section = "Monitor:Backup";

    /// <summary>Folder for backup files, created when needed; relative to the working directory.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Monitor:Backup:Directory must be set.")]
    public string Directory { get; set; } = "data/backups";
}
