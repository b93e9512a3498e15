using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Scheduling;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CitationMonitor.Infrastructure.Tests.Scheduling;

/// <summary>A shortened CheckInterval takes effect when the scheduler starts: later dates are brought forward, none pushed later.</summary>
public sealed class CheckIntervalCatchUpTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [OnBothDatabases]
    public async Task SchedulerStartedWithAnHourlyInterval_BringsCitationsDueInADayWithinAnHourSpread_AndLeavesSoonerOnes()
    {
        await using var services = await MonitorServices.StartAsync();
        var inADay = new List<long>();
        for (var n = 0; n < 40; n++)
        {
            inADay.Add(await WatchAsync(services, n, lastChecked: Now, next: Now + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(n)));
        }

        var neverCheckedInADay = await WatchAsync(services, 100, lastChecked: null, next: Now + TimeSpan.FromDays(1));
        var sooner = new Dictionary<long, DateTimeOffset>
        {
            [await WatchAsync(services, 200, lastChecked: Now, next: Now + TimeSpan.FromMinutes(30))] = Now + TimeSpan.FromMinutes(30),
            [await WatchAsync(services, 201, lastChecked: Now, next: Now + TimeSpan.FromMinutes(65))] = Now + TimeSpan.FromMinutes(65),
            [await WatchAsync(services, 202, lastChecked: Now - TimeSpan.FromMinutes(10), next: Now + TimeSpan.FromMinutes(50))] = Now + TimeSpan.FromMinutes(50),
        };
        var logs = new LogRecorder();

        using (var host = SchedulerHost.Build(
            services.SettingsForAnotherHost(new Dictionary<string, string?>
            {
                ["Monitor:SeedDefaultCitations"] = "false",
                ["Monitor:Worker:CheckInterval"] = "01:00:00",
            }),
            configure: s =>
            {
                s.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
                s.AddLogging(logging => logging.AddProvider(logs).AddFilter(typeof(CheckIntervalCatchUp).FullName, LogLevel.Information));
            }))
        {
            await host.StartAsync();
            await host.StopAsync();
        }

        var dates = await NextChecksAsync(services);
        var broughtForward = inADay.Append(neverCheckedInADay).Select(id => dates[id]).ToList();
        Assert.All(broughtForward, next => Assert.InRange(next, Now + (Hour * 0.9), Now + (Hour * 1.1)));
        Assert.True(broughtForward.Distinct().Count() > 30, "the brought-forward dates are not spread");
        Assert.All(sooner, pair => Assert.Equal(pair.Value, dates[pair.Key]));
        var logged = Assert.Single(logs.Events, e => e.Category == typeof(CheckIntervalCatchUp).FullName);
        Assert.Equal("41", logged.Values["Count"]);
    }

    [OnBothDatabases]
    public async Task CitationsWhoseNewDateIsPast_FallDueWithinATenthOfTheIntervalFromNow_SpreadAndNeverLater()
    {
        await using var services = await MonitorServices.StartAsync();
        var overdue = new List<long>();
        for (var n = 0; n < 40; n++)
        {
            // Checked 23 hours ago under a daily interval: an hourly one made it overdue long ago.
            overdue.Add(await WatchAsync(services, n, lastChecked: Now - TimeSpan.FromHours(23), next: Now + Hour));
        }

        var dueInTwoMinutes = await WatchAsync(services, 100, lastChecked: Now - TimeSpan.FromDays(10), next: Now + TimeSpan.FromMinutes(2));
        var catchUp = new CheckIntervalCatchUp(
            services.Get<Citations.CitationScheduleStore>(),
            Microsoft.Extensions.Options.Options.Create(new Options.WorkerOptions { CheckInterval = Hour }),
            IntervalJitter.Random,
            new FakeTimeProvider(Now),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<CheckIntervalCatchUp>.Instance);

        await catchUp.StartAsync(CancellationToken.None);

        var dates = await NextChecksAsync(services);
        Assert.All(overdue, id => Assert.InRange(dates[id], Now, Now + (Hour * 0.1)));
        Assert.True(overdue.Select(id => dates[id]).Distinct().Count() > 30, "the overdue citations fall due together");
        Assert.InRange(dates[dueInTwoMinutes], Now, Now + TimeSpan.FromMinutes(2));
    }

    [OnBothDatabasesTheory]
    [InlineData(0.0, 54)]
    [InlineData(0.5, 60)]
    [InlineData(0.75, 63)]
    public void ACitationCheckedNowAndDueInADay_IsDueAfterTheIntervalSpreadByTheJitter(double draw, int minutes) =>
        Assert.Equal(Now + TimeSpan.FromMinutes(minutes), Due(Now, Now + TimeSpan.FromDays(1), draw));

    [OnBothDatabases]
    public void ACitationNeverChecked_CountsFromNow() =>
        Assert.Equal(Now + Hour, Due(null, Now + TimeSpan.FromDays(3), 0.5));

    [OnBothDatabases]
    public void ACitationDueWithinTheIntervalAndItsMostJitter_IsLeftAlone()
    {
        Assert.Null(Due(Now, Now + (Hour * 1.1), 0.0));
        Assert.Null(Due(Now - Hour, Now + TimeSpan.FromMinutes(5), 0.0));
    }

    [OnBothDatabases]
    public void ACitationOverdueUnderTheNewInterval_IsDueNowPlusUpToATenthOfIt_ButNeverLaterThanItWas()
    {
        Assert.Equal(Now + TimeSpan.FromMinutes(6), Due(Now - TimeSpan.FromDays(2), Now + TimeSpan.FromDays(1), 0.0));
        Assert.Equal(Now, Due(Now - TimeSpan.FromDays(2), Now + TimeSpan.FromDays(1), 0.5));
        Assert.Null(Due(Now - TimeSpan.FromDays(2), Now + TimeSpan.FromMinutes(3), 0.0));
    }

    private static DateTimeOffset? Due(DateTimeOffset? lastChecked, DateTimeOffset next, double draw) =>
        CheckIntervalCatchUp.Due(lastChecked, next, Now, Hour, new IntervalJitter(() => draw));

    private static async Task<long> WatchAsync(MonitorServices services, int n, DateTimeOffset? lastChecked, DateTimeOffset next)
    {
        // Loopback and a port nothing listens on: were a citation ever due in these tests, nothing would leave the machine.
        var id = await services.WatchAsync($"http://127.0.0.1:9/source/{n}");
        await using var db = await services.OpenAsync();
        await db.ExecuteAsync(
            "UPDATE citations SET last_checked_at = @last, next_check_at = @next WHERE id = @id",
            new { id, last = lastChecked, next });
        return id;
    }

    private static async Task<Dictionary<long, DateTimeOffset>> NextChecksAsync(MonitorServices services)
    {
        await using var db = await services.OpenAsync();
        var rows = await db.QueryAsync<(long Id, DateTimeOffset NextCheckAt)>("SELECT id, next_check_at FROM citations");
        return rows.ToDictionary(row => row.Id, row => row.NextCheckAt);
    }
}
