using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Backups;

/// <summary>Refuses, at start-up, a backup folder that cannot be one: a path with invalid characters, or an existing file.</summary>
internal sealed class BackupOptionsValidator : IValidateOptions<BackupOptions>
{
    public ValidateOptionsResult Validate(string? name, BackupOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            return ValidateOptionsResult.Fail("Monitor:Backup:Directory must be set.");
        }

        if (options.Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return ValidateOptionsResult.Fail($"Monitor:Backup:Directory '{options.Directory}' is not a valid path.");
        }

        return File.Exists(Path.GetFullPath(options.Directory, Directory.GetCurrentDirectory()))
            ? ValidateOptionsResult.Fail($"Monitor:Backup:Directory '{options.Directory}' is a file, not a folder.")
            : ValidateOptionsResult.Success;
    }
}
