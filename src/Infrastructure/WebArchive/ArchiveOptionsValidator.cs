using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.WebArchive;

/// <summary>Refuses, at start-up, an archive endpoint that is not an absolute http(s) URL, naming its key.</summary>
internal sealed class ArchiveOptionsValidator : IValidateOptions<ArchiveOptions>
{
    public ValidateOptionsResult Validate(string? name, ArchiveOptions options)
    {
        var errors = new List<string>();
        Check(errors, nameof(ArchiveOptions.AvailabilityEndpoint), options.AvailabilityEndpoint, required: true);
        Check(errors, nameof(ArchiveOptions.CdxEndpoint), options.CdxEndpoint, required: true);
        Check(errors, nameof(ArchiveOptions.ReplayEndpoint), options.ReplayEndpoint, required: true);
        Check(errors, nameof(ArchiveOptions.SaveEndpoint), options.SaveEndpoint, required: false);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{ArchiveOptions.Section}:{key} must be set.");
            }

            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{ArchiveOptions.Section}:{key} must be an absolute http or https URL.");
        }
    }
}
