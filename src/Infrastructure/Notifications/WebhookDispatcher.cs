using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Notifications;

/// <summary>
/// Sends the due rows of the webhook outbox: POST of the stored JSON payload, signed with the receiver's secret (looked up
/// by URL in the configuration, never stored). A 2xx answer delivers it; anything else is retried after
/// <see cref="WebhookDeliveryOptions.RetryBaseDelay"/> × 4ⁿ (at most 6 hours) until <see cref="WebhookDeliveryOptions.MaxAttempts"/>.
/// Each row is claimed before it is sent, so two processes on one database do not send it twice.
/// </summary>
internal sealed class WebhookDispatcher(
    WebhookDeliveryStore deliveries,
    IHttpClientFactory httpClients,
    IOptions<WebhooksOptions> webhooks,
    IOptions<WebhookDeliveryOptions> options,
    IOptions<FetchOptions> fetchOptions,
    TimeProvider time,
    ILogger<WebhookDispatcher> logger)
{
    public const string HttpClientName = "webhooks";

    private const int BatchSize = 50;
    private const int MaxParallelDeliveries = 4;
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(6);

    /// <summary>Sends every delivery due now, batch after batch; returns how many were delivered.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = await ClaimDueAsync(cancellationToken);
            if (due.Count == 0)
            {
                break;
            }

            await Parallel.ForEachAsync(
                due, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelDeliveries, CancellationToken = cancellationToken },
                async (delivery, token) =>
                {
                    if (await DeliverAsync(delivery, token))
                    {
                        Interlocked.Increment(ref delivered);
                    }
                });
        }

        return delivered;
    }

    /// <summary>Due rows, each moved a while into the future first so that no other dispatcher takes it meanwhile.</summary>
    private Task<List<DueDelivery>> ClaimDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return deliveries.ClaimDueAsync(now, now + (options.Value.Timeout * 3), BatchSize, cancellationToken);
    }

    private async Task<bool> DeliverAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var hook = webhooks.Value.Hooks.FirstOrDefault(h => Uri.TryCreate(h.Url, UriKind.Absolute, out var uri) && uri.AbsoluteUri == new Uri(delivery.TargetUrl).AbsoluteUri);
        if (hook is null)
        {
            await FinishAsync(delivery, delivered: false, "no receiver with this URL is configured any more", giveUp: true);
            return false;
        }

        var error = await SendAsync(delivery, hook, cancellationToken);
        if (error is null)
        {
            await FinishAsync(delivery, delivered: true, null, giveUp: false);
            return true;
        }

        var attempts = delivery.Attempts + 1;
        var giveUp = attempts >= options.Value.MaxAttempts;
        // The URL may carry a token of its own (many receivers put one in the path): log its host only.
        logger.LogWarning(
            "Webhook delivery {DeliveryId} ({Event}) to {Host} failed, attempt {Attempt} of {MaxAttempts}: {Error}",
            delivery.Id, delivery.Event, new Uri(delivery.TargetUrl).Authority, attempts, options.Value.MaxAttempts, error);
        await FinishAsync(delivery, delivered: false, error, giveUp);
        return false;
    }

    /// <summary>Posts the delivery; null when the receiver took it (2xx), otherwise what went wrong.</summary>
    private async Task<string?> SendAsync(DueDelivery delivery, WebhookOptions hook, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.TargetUrl)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("User-Agent", fetchOptions.Value.UserAgent);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(hook.Secret, body));
        request.Headers.Add("X-Monitor-Event", delivery.Event);
        request.Headers.Add("X-Monitor-Delivery", delivery.Id.ToString(CultureInfo.InvariantCulture));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            return response.IsSuccessStatusCode
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {options.Value.Timeout}";
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString();
        }
    }

    private Task FinishAsync(DueDelivery delivery, bool delivered, string? error, bool giveUp)
    {
        var now = time.GetUtcNow();
        var attempts = delivery.Attempts + 1;
        DateTimeOffset? next = delivered || giveUp ? null : now + RetryDelay(attempts);
        // Sent is sent: the outcome is recorded even when shutdown was requested meanwhile.
        return deliveries.FinishAsync(delivery.Id, attempts, next, delivered ? now : null, error, CancellationToken.None);
    }

    /// <summary>30 s, 2 min, 8 min, 32 min, … with the default base, at most 6 hours.</summary>
    internal TimeSpan RetryDelay(int failedAttempts)
    {
        var delay = options.Value.RetryBaseDelay * Math.Pow(4, Math.Min(failedAttempts - 1, 10));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
