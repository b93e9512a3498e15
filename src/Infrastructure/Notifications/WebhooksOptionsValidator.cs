using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Notifications;

/// <summary>Refuses, at start-up, a webhook that cannot work, naming its configuration key; never quotes a secret.</summary>
internal sealed class WebhooksOptionsValidator : IValidateOptions<WebhooksOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhooksOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static IEnumerable<string> Errors(WebhooksOptions options)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Hooks.Count; i++)
        {
            var hook = options.Hooks[i];
            var key = $"{WebhooksOptions.Section}:{i}";
            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return $"{key}:Url must be an absolute http or https URL.";
            }
            else if (seen.TryGetValue(uri.AbsoluteUri, out var first))
            {
                // Deliveries find their secret by URL, so one URL is one receiver.
                yield return $"{key}:Url repeats {WebhooksOptions.Section}:{first}:Url; list each receiver once.";
            }
            else
            {
                seen[uri.AbsoluteUri] = i;
            }

            if (string.IsNullOrWhiteSpace(hook.Secret))
            {
                yield return $"{key}:Secret must be set.";
            }

            if (hook.Events.Count == 0)
            {
                yield return $"{key}:Events must list at least one of: {string.Join(", ", WebhookEvents.All)}.";
            }

            for (var e = 0; e < hook.Events.Count; e++)
            {
                if (!WebhookEvents.All.Contains(hook.Events[e]))
                {
                    yield return $"{key}:Events:{e} '{hook.Events[e]}' is not one of: {string.Join(", ", WebhookEvents.All)}.";
                }
            }
        }
    }
}
