using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;

namespace CitationMonitor.Infrastructure.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>The Quartz scheduler with the sweep of due citations, as a hosted service.</summary>
    public static IServiceCollection AddMonitorScheduler(this IServiceCollection services)
    {
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
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);

        // The host must wait at least as long as checks in flight are allowed to take after a stop request.
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
        {
            var needed = worker.Value.ShutdownGrace + TimeSpan.FromSeconds(10);
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        return services;
    }
}
