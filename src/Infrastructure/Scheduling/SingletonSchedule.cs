using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace CitationMonitor.Infrastructure.Scheduling;

/// <summary>
/// Declares the three jobs that run once at a time (webhook delivery, fixity, web archive) with their repeating
/// triggers, in the scheduler that holds them, before it starts.
/// </summary>
/// <remarks>
/// On PostgreSQL that scheduler is the clustered one, whose triggers outlive the processes and are shared by all of
/// them: a trigger already stored with the interval configured here is left as it is. Replacing it would restart its
/// schedule, and a node holding the old trigger in hand while another stores the new one can then fire both series.
/// Only a trigger whose interval differs from this node's configuration (or one Quartz put in error) is replaced.
/// </remarks>
internal sealed class SingletonSchedule(
    ISchedulerFactory schedulers,
    SingletonSchedule.Holder holder,
    IOptions<WebhookDeliveryOptions> webhooks,
    IOptions<FixityOptions> fixity,
    IOptions<ArchiveOptions> archive,
    ILogger<SingletonSchedule> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = holder.SchedulerName is null
            ? await schedulers.GetScheduler(cancellationToken)
            : await schedulers.LookupScheduler(holder.SchedulerName, cancellationToken)
              ?? throw new InvalidOperationException($"The scheduler {holder.SchedulerName} is not configured.");
        await DeclareAsync<WebhookDeliveryJob>(scheduler, "webhook-deliveries", webhooks.Value.PollInterval, cancellationToken);
        await DeclareAsync<FixityJob>(scheduler, "fixity", Min(fixity.Value.Interval, FixityJob.MaxPoll), cancellationToken);
        await DeclareAsync<WebArchiveJob>(scheduler, "web-archive", archive.Value.PollInterval, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The scheduler that holds the singletons: the default one (in memory), or the clustered one by name.</summary>
    internal sealed record Holder(string? SchedulerName);

    private async Task DeclareAsync<TJob>(IScheduler scheduler, string name, TimeSpan interval, CancellationToken cancellationToken)
        where TJob : IJob
    {
        // The job is stored durably (replacing it changes nothing but its class and description), then its trigger.
        var job = JobBuilder.Create<TJob>().WithIdentity(name).StoreDurably().Build();
        await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);

        var trigger = TriggerBuilder.Create()
            .WithIdentity(name + "-poll")
            .ForJob(job)
            .StartNow()
            .WithSimpleSchedule(schedule => schedule
                .WithInterval(interval)
                .RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        var stored = await scheduler.GetTrigger(trigger.Key, cancellationToken);
        // None stored yet: created under the store's lock, so of two nodes starting together one creates it and the
        // other keeps it. One stored as configured: kept. Otherwise (another interval, or put in error): replaced.
        var conflict = stored is null
                       || (stored is ISimpleTrigger simple
                           && simple.RepeatInterval == interval
                           && simple.JobKey.Equals(job.Key)
                           && await scheduler.GetTriggerState(trigger.Key, cancellationToken) is not TriggerState.Error)
            ? TriggerConflict.Keep
            : TriggerConflict.Replace;
        var result = await scheduler.ScheduleTrigger(trigger, conflict, cancellationToken);
        logger.LogDebug("The {Job} job runs every {Interval} ({Outcome}), next at {Next:O}", name, interval, result.Outcome, result.NextFireTimeUtc);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
