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
    /// <summary>The name of the clustered scheduler, on PostgreSQL: its rows in Quartz's tables carry it.</summary>
    public const string ClusterScheduler = "citation-monitor";

    /// <summary>How often a clustered scheduler says it is alive; a node silent for twice as long is taken over.</summary>
    public static readonly TimeSpan ClusterCheckin = TimeSpan.FromSeconds(7.5);

    /// <summary>
    /// The Quartz scheduler with the sweep of due citations, the webhook dispatcher, fixity runs and the web-archive
    /// links, as a hosted service; before it starts, citations scheduled further out than the check interval allows
    /// are brought forward.
    /// </summary>
    /// <remarks>
    /// On SQLite one scheduler, in memory, runs all four. On PostgreSQL, where any number of processes share the
    /// database, the sweep stays in an in-memory scheduler in every process (the claims keep their checks apart, so all
    /// sweep at once), and the three jobs that must run once at a time across all of them (webhook delivery, fixity, web
    /// archive) run in a second scheduler on Quartz's own job store in clustered mode, with its own tables: each fires
    /// on one node, and the jobs of a node that stops checking in are taken over by another.
    /// </remarks>
    public static IServiceCollection AddMonitorScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        // Registered before Quartz's hosted service, so it has run before the first sweep (and after the migrations).
        services.AddHostedService<CheckIntervalCatchUp>();
        // Without a connection string there is no cluster to join: the start stops at the options' validation, which
        // names the missing key.
        var connectionString = configuration[$"{DatabaseOptions.Section}:{nameof(DatabaseOptions.ConnectionString)}"];
        var clustered = DatabaseOptions.ProviderOf(configuration) == Persistence.DatabaseProvider.Postgres && !string.IsNullOrWhiteSpace(connectionString);
        services.AddQuartz(quartz =>
        {
            ScheduleSweep(quartz);
        });
        if (clustered)
        {
            services.AddQuartz(ClusterScheduler, quartz =>
            {
                // Each node its own id in the cluster, by which the others see it check in, or stop.
                quartz.ConfigureScheduler(scheduler => scheduler.GenerateInstanceId = true);
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(Npgsql.NpgsqlFactory.Instance, connectionString!);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = ClusterCheckin;
                        cluster.CheckinMisfireThreshold = ClusterCheckin * 2;
                    });

                    // Quartz's tables (qrtz_*) are made by Quartz itself, when missing, beside the monitor's.
                    store.ProvisionSchema();
                });
            });
        }

        // The singletons are declared before the schedulers start (this hosted service is registered before Quartz's).
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<SingletonSchedule>(
            provider, new SingletonSchedule.Holder(clustered ? ClusterScheduler : null)));

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

    private static void ScheduleSweep(IQuartzBuilder quartz) =>
        quartz.ScheduleJob<DueCitationsJob>(
            (provider, trigger) => trigger
                .WithIdentity("due-citations-poll")
                .StartNow()
                .WithSimpleSchedule(schedule => schedule
                    .WithInterval(provider.GetRequiredService<IOptions<WorkerOptions>>().Value.PollInterval)
                    .RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)),
            (_, job) => job.WithIdentity("due-citations"));
}
