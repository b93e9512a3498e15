using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Infrastructure.Options;

/// <summary><c>Monitor:WebhookDelivery</c>: how the dispatcher sends queued webhook deliveries.</summary>
public sealed class WebhookDeliveryOptions
{
    public const string Section = "Monitor:WebhookDelivery";

    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Monitor:WebhookDelivery:PollInterval must be between {1} and {2}.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Monitor:WebhookDelivery:Timeout must be between {1} and {2}.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay after the first failed attempt; each further one waits four times longer, at most 6 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Monitor:WebhookDelivery:RetryBaseDelay must be between {1} and {2}.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 50, ErrorMessage = "Monitor:WebhookDelivery:MaxAttempts must be between {1} and {2}.")]
    public int MaxAttempts { get; set; } = 8;
}
