using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Options;

/// <summary>Refuses, at start-up, a <c>Monitor:PublicBaseUrl</c> that is not an absolute http(s) URL without query or fragment.</summary>
internal sealed class MonitorOptionsValidator : IValidateOptions<MonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitorOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return ValidateOptionsResult.Success;
        }

        return Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{MonitorOptions.Section}:{nameof(MonitorOptions.PublicBaseUrl)} must be an absolute http or https URL without query or fragment, e.g. https://monitor.example.org.");
    }
}
