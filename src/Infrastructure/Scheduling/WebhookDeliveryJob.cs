using CitationMonitor.Infrastructure.Notifications;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CitationMonitor.Infrastructure.Scheduling;

/// <summary>
/// Every <c>Monitor:WebhookDelivery:PollInterval</c>, sends the webhook deliveries that are due. Separate from the sweep of
/// due citations, so a slow receiver never holds up a check.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class WebhookDeliveryJob(WebhookDispatcher dispatcher, ILogger<WebhookDeliveryJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await dispatcher.DeliverDueAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The next firing tries again; claimed rows come due again when their claim runs out.
            logger.LogError(ex, "Sending webhook deliveries failed");
        }
    }
}
