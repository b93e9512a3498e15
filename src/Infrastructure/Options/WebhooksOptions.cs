namespace CitationMonitor.Infrastructure.Options;

/// <summary>
/// <c>Monitor:Webhooks</c>: a list of receivers, each <c>{ "Url", "Secret", "Events" }</c>. Validated by
/// <see cref="Notifications.WebhooksOptionsValidator"/>, whose messages name the key (<c>Monitor:Webhooks:0:Url</c>).
/// </summary>
public sealed class WebhooksOptions
{
    public const string Section = "Monitor:Webhooks";

    public List<WebhookOptions> Hooks { get; set; } = [];
}

/// <summary>One receiver of <c>Monitor:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    /// <summary>Absolute http(s) URL the events are posted to; configured by the operator, so loopback is allowed.</summary>
    public string Url { get; set; } = "";

    /// <summary>Key of the HMAC-SHA256 signature in <c>X-Monitor-Signature</c>; never logged nor returned.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Events this receiver gets: <c>change</c>, <c>broken</c>, <c>recovered</c>.</summary>
    public List<string> Events { get; set; } = [];
}
