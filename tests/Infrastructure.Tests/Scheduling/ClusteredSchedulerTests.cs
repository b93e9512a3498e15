using System.Collections.Concurrent;
using CitationMonitor.Infrastructure.Scheduling;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace CitationMonitor.Infrastructure.Tests.Scheduling;

/// <summary>
/// Two scheduler hosts over one PostgreSQL database, as two worker machines: the sweep runs in both; fixity, web archive
/// and webhook delivery run on Quartz's clustered job store, each firing once across the two, and on the other node when
/// one stops.
/// </summary>
public sealed class ClusteredSchedulerTests
{
    [OnPostgres]
    public async Task SingletonJobs_FireOnceAcrossTheNodes_TheSweepOnEach_AndTheSurvivorTakesOver()
    {
        await using var services = await MonitorServices.StartAsync();
        var fired = new ConcurrentQueue<Fired>();
        using var first = Build(services);
        using var second = Build(services);
        await StartAsync(first, fired);
        await StartAsync(second, fired);

        // Each node declares the triggers when it starts; the second finds them stored with the same intervals and keeps
        // them, so there is one schedule from the first firing on.
        var bothStarted = TimeProvider.System.GetUtcNow();

        Assert.True(
            await Eventually.TrueWithinAsync(() => Task.FromResult(fired.Count(f => f.Job == "fixity" && f.ScheduledAt > bothStarted) >= 6), TimeSpan.FromSeconds(30)),
            "fixity did not fire six times in 30 s at a 1 s interval");
        var bothNodes = fired.ToArray();

        // Every firing of a trigger happened on one node only; the sweep, which the claims keep apart, ran on both.
        Assert.All(
            bothNodes.Where(f => f.Job != "due-citations").GroupBy(f => (f.Job, f.ScheduledAt)),
            firing => Assert.Single(firing));
        Assert.Equal(2, bothNodes.Where(f => f.Job == "due-citations").Select(f => f.Node).Distinct().Count());

        // Each node checks in to the cluster under an id of its own.
        var instances = bothNodes.Where(f => f.Scheduler == "citation-monitor").GroupBy(f => f.Node).Select(g => g.First().Instance).ToList();
        Assert.Equal(instances.Count, instances.Distinct().Count());
        Assert.Equal(["citation-monitor"], bothNodes.Where(f => f.Job == "fixity").Select(f => f.Scheduler).Distinct());

        // One fixity firing a second between the two nodes, not one a second on each.
        var fixity = bothNodes.Where(f => f.Job == "fixity").Select(f => f.ScheduledAt!.Value).Order().ToList();
        Assert.All(fixity.Zip(fixity.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(0.9), $"fixity fired at {pair.First:O} and {pair.Second:O}"));

        await first.StopAsync();
        var stoppedAt = TimeProvider.System.GetUtcNow();
        Assert.True(
            await Eventually.TrueWithinAsync(
                () => Task.FromResult(fired.Count(f => f.Job == "fixity" && f.At > stoppedAt.AddSeconds(1)) >= 2), TimeSpan.FromSeconds(40)),
            "fixity stopped firing when one of the two nodes stopped");

        // A node configured with another interval replaces the stored trigger: the configuration of the last node to
        // start is the schedule.
        using var third = Build(services, fixityInterval: "00:00:02");
        await StartAsync(third, fired);
        var clustered = await third.Services.GetRequiredService<ISchedulerFactory>().LookupScheduler(SchedulingServiceCollectionExtensions.ClusterScheduler);
        var stored = Assert.IsAssignableFrom<ISimpleTrigger>(await clustered!.GetTrigger(new TriggerKey("fixity-poll")));
        Assert.Equal(TimeSpan.FromSeconds(2), stored.RepeatInterval);
        await third.StopAsync();
        await second.StopAsync();
    }

    /// <summary>Starts a node, and records what each of its two schedulers fires from then on.</summary>
    private static async Task StartAsync(IHost node, ConcurrentQueue<Fired> fired)
    {
        await node.StartAsync();
        var listener = new Recorder(Guid.NewGuid().ToString("N"), fired);
        foreach (var scheduler in await node.Services.GetRequiredService<ISchedulerFactory>().GetAllSchedulers())
        {
            scheduler.ListenerManager.AddJobListener(listener, []);
        }
    }

    private static IHost Build(MonitorServices services, string fixityInterval = "00:00:01")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(services.SettingsForAnotherHost(new Dictionary<string, string?>
        {
            ["Monitor:SeedDefaultCitations"] = "false",
            ["Monitor:Fixity:Interval"] = fixityInterval,
            ["Monitor:Worker:PollInterval"] = "00:00:00.500",
        }));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMonitorCore();
        builder.Services.AddMonitorScheduler(builder.Configuration);
        return builder.Build();
    }

    private sealed record Fired(string Node, string Scheduler, string Instance, string Job, DateTimeOffset? ScheduledAt, DateTimeOffset At);

    private sealed class Recorder(string node, ConcurrentQueue<Fired> fired) : IJobListener
    {
        public string Name => "recorder-" + node;

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            fired.Enqueue(new Fired(
                node, context.Scheduler.SchedulerName, context.Scheduler.SchedulerInstanceId, context.JobDetail.Key.Name, context.ScheduledFireTimeUtc, TimeProvider.System.GetUtcNow()));
            return ValueTask.CompletedTask;
        }

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) =>
            ValueTask.CompletedTask;
    }
}
