using CitationMonitor.Infrastructure.WebArchive;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CitationMonitor.Infrastructure.Scheduling;

/// <summary>
/// Every <c>Monitor:Archive:PollInterval</c>, asks the web archive for what is due: archived copies of sources first
/// captured or newly broken, baselines at citation time, submissions of first captures. Apart from the checks, so a slow
/// or failing archive never holds one up.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class WebArchiveJob(WebArchiveLinks links, ILogger<WebArchiveJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await links.RunDueAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The next firing tries again.
            logger.LogError(ex, "Asking the web archive failed");
        }
    }
}
