using System.Globalization;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace CitationMonitor.Infrastructure.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// The Quartz scheduler with the sweep of due citations, the webhook dispatcher, fixity runs and the web-archive
    /// links, as a hosted service; before it starts, citations scheduled further out than the check interval allows
    /// are brought forward.
    /// </summary>
    public static IServiceCollection AddMonitorScheduler(this IServiceCollection services)
    {
        // Registered before Quartz's hosted service, so it has run before the first sweep (and after the migrations).
        services.AddHostedService<CheckIntervalCatchUp>();
        services.AddQuartz(quartz =>
        {
            quartz.ScheduleJob<DueCitationsJob>(
                (provider, trigger) => trigger
                    .WithIdentity("due-citations-poll")
                    .StartNow()
                    .WithSimpleSchedule(schedule => schedule
                        .WithInterval(provider.GetRequiredService<IOptions<WorkerOptions>>().Value.PollInterval)
                        .RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                (_, job) => job.WithIdentity("due-citations"));
            quartz.ScheduleJob<WebhookDeliveryJob>(
                (provider, trigger) => trigger
                    .WithIdentity("webhook-deliveries-poll")
                    .StartNow()
                    .WithSimpleSchedule(schedule => schedule
                        .WithInterval(provider.GetRequiredService<IOptions<WebhookDeliveryOptions>>().Value.PollInterval)
                        .RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                (_, job) => job.WithIdentity("webhook-deliveries"));
            quartz.ScheduleJob<FixityJob>(
                (provider, trigger) => trigger
                    .WithIdentity("fixity-poll")
                    .StartNow()
                    .WithSimpleSchedule(schedule => schedule
                        .WithInterval(Min(provider.GetRequiredService<IOptions<FixityOptions>>().Value.Interval, FixityJob.MaxPoll))
                        .RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                (_, job) => job.WithIdentity("fixity"));

            quartz.ScheduleJob<WebArchiveJob>(
                (provider, trigger) => trigger
                    .WithIdentity("web-archive-poll")
                    .StartNow()
                    .WithSimpleSchedule(schedule => schedule
                        .WithInterval(provider.GetRequiredService<IOptions<ArchiveOptions>>().Value.PollInterval)
                        .RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
                (_, job) => job.WithIdentity("web-archive"));
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);

        // The host must wait at least as long as checks in flight may take after a stop request. Read leniently here:
        // a malformed value is reported by the options validation at start, with the key's name.
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
        {
            var grace = TimeSpan.TryParse(configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.ShutdownGrace)}"], CultureInfo.InvariantCulture, out var configured)
                ? configured
                : new WorkerOptions().ShutdownGrace;
            var needed = grace + TimeSpan.FromSeconds(10);
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        return services;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
