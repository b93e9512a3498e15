using CitationMonitor.Infrastructure.Fixity;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CitationMonitor.Infrastructure.Scheduling;

/// <summary>
/// Looks often whether a fixity run is due (<c>Monitor:Fixity:Interval</c> after the last one started, in any process on
/// the database) and runs it; a restart therefore neither skips nor repeats one.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class FixityJob(FixityRunner runner, ILogger<FixityJob> logger) : IJob
{
    /// <summary>How often the job looks, at most; a shorter interval is looked at as often as it comes due.</summary>
    public static readonly TimeSpan MaxPoll = TimeSpan.FromMinutes(15);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await runner.RunIfDueAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The next firing tries again.
            logger.LogError(ex, "Fixity run could not start");
        }
    }
}
