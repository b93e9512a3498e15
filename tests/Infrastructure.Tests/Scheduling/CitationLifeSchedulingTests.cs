using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Scheduling;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CitationMonitor.Infrastructure.Tests.Scheduling;

/// <summary>
/// What the scheduler makes of a citation's life, at the stores: paused and retired citations are never due nor claimed,
/// those resumed or brought back are due at once, and a citation's own interval is the one that counts.
/// </summary>
public sealed class CitationLifeSchedulingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [OnBothDatabases]
    public async Task PausedAndRetiredCitations_AreNeverClaimed_AndAClaimMadeBeforeThePauseIsGivenBack()
    {
        await using var services = await MonitorServices.StartAsync();
        var life = services.Get<CitationLife>();
        var leases = services.Get<CitationLeaseStore>();
        // Loopback and a port nothing listens on: nothing here is ever fetched.
        var running = await services.WatchAsync("http://127.0.0.1:9/running");
        var paused = await services.WatchAsync("http://127.0.0.1:9/paused");
        var retired = await services.WatchAsync("http://127.0.0.1:9/retired");
        await life.EditAsync(paused, null, new CitationEdit { Paused = true }, AuditKeys.Local, CancellationToken.None);
        await life.RetireAsync(retired, AuditKeys.Local, CancellationToken.None);

        Assert.Equal([running], (await leases.ClaimDueAsync("scheduler", 10, CancellationToken.None)).Select(d => d.Id));

        // Claimed as due, then paused before its check started: the scheduler's check does not start.
        await leases.ReleaseAsync(running, "scheduler", CancellationToken.None);
        Assert.Single(await leases.ClaimDueAsync("scheduler", 10, CancellationToken.None));
        await life.EditAsync(running, null, new CitationEdit { Paused = true }, AuditKeys.Local, CancellationToken.None);
        Assert.False(await leases.TryClaimScheduledAsync(running, "scheduler", CancellationToken.None));
        Assert.False(await leases.TryClaimScheduledAsync(retired, "scheduler", CancellationToken.None));
        // A check asked for by a person may still take a paused one.
        await leases.ReleaseAsync(running, "scheduler", CancellationToken.None);
        Assert.True(await leases.TryClaimAsync(paused, "api", CancellationToken.None));
    }

    [OnBothDatabasesTheory]
    [InlineData(0)]
    [InlineData(60)]
    public async Task ACitationPausedOrRetiredAfterTheSchedulerClaimedIt_IsNotChecked_WhetherTheClaimIsFreshOrOld(int minutesSinceClaim)
    {
        await using var services = await MonitorServices.StartAsync();
        var life = services.Get<CitationLife>();
        var leases = services.Get<CitationLeaseStore>();
        var checker = services.Get<CitationChecker>();
        var budget = services.Get<CheckBudget>();
        // Loopback and a port nothing listens on: nothing here is ever fetched.
        var paused = await services.WatchAsync("http://127.0.0.1:9/paused");
        var retired = await services.WatchAsync("http://127.0.0.1:9/retired");
        Assert.Equal(2, (await leases.ClaimDueAsync("scheduler", 10, CancellationToken.None)).Count);
        await life.EditAsync(paused, null, new CitationEdit { Paused = true }, AuditKeys.Local, CancellationToken.None);
        await life.RetireAsync(retired, AuditKeys.Local, CancellationToken.None);

        // A fresh claim is not renewed before its check, an old one is: either way neither check starts.
        var sinceClaim = TimeSpan.FromMinutes(minutesSinceClaim);
        Assert.Equal(minutesSinceClaim > 0, sinceClaim >= leases.FreshFor);
        foreach (var id in new[] { paused, retired })
        {
            using var slot = await budget.EnterAsync("127.0.0.1", CancellationToken.None);
            Assert.Same(CheckRun.Busy, await checker.CheckClaimedAsync(id, "scheduler", sinceClaim, slot, CancellationToken.None));
        }

        // No check was recorded, and both claims were given back.
        await using var connection = await services.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM checks"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citations WHERE lease_owner IS NOT NULL"));
    }

    [OnBothDatabases]
    public async Task ResumedOrBroughtBack_IsDueAtOnce_AndAnIntervalOfItsOwnCountsFromTheLastCheck()
    {
        var time = new FakeTimeProvider(Now);
        await using var services = await MonitorServices.StartAsync(
            new Dictionary<string, string?> { ["Monitor:Worker:CheckInterval"] = "1.00:00:00" },
            configure: s => s.AddSingleton<TimeProvider>(time));
        var life = services.Get<CitationLife>();
        var id = await services.WatchAsync("http://127.0.0.1:9/source");
        await SetScheduleAsync(services, id, lastChecked: Now - TimeSpan.FromHours(2), next: Now + TimeSpan.FromHours(22));

        await life.EditAsync(id, null, new CitationEdit { SetsCheckInterval = true, CheckInterval = TimeSpan.FromDays(7) }, AuditKeys.Local, CancellationToken.None);
        Assert.Equal(Now - TimeSpan.FromHours(2) + TimeSpan.FromDays(7), await NextCheckAsync(services, id));

        await life.EditAsync(id, null, new CitationEdit { SetsCheckInterval = true, CheckInterval = TimeSpan.FromHours(1) }, AuditKeys.Local, CancellationToken.None);
        Assert.Equal(Now, await NextCheckAsync(services, id));

        await life.EditAsync(id, null, new CitationEdit { SetsCheckInterval = true, CheckInterval = null }, AuditKeys.Local, CancellationToken.None);
        Assert.Equal(Now + TimeSpan.FromHours(22), await NextCheckAsync(services, id));

        await life.EditAsync(id, null, new CitationEdit { Paused = true }, AuditKeys.Local, CancellationToken.None);
        await life.EditAsync(id, null, new CitationEdit { Paused = false }, AuditKeys.Local, CancellationToken.None);
        Assert.Equal(Now, await NextCheckAsync(services, id));

        await SetScheduleAsync(services, id, lastChecked: Now, next: Now + TimeSpan.FromDays(1));
        await life.RetireAsync(id, AuditKeys.Local, CancellationToken.None);
        await life.EditAsync(id, null, new CitationEdit { Restores = true }, AuditKeys.System, CancellationToken.None);
        Assert.Equal(Now, await NextCheckAsync(services, id));

        var audit = await services.Get<CitationAuditStore>().ListAsync(id, new PageRequest(), CancellationToken.None);
        Assert.Equal(
            ["checkInterval", "checkInterval", "checkInterval", "paused", "paused", "retired", "retired"],
            audit.Items.Reverse().Select(a => a.Field));
        Assert.Equal(("\"01:00:00\"", "null", AuditKeys.Local), (audit.Items[^3].Before, audit.Items[^3].After, audit.Items[^3].KeyName));
        Assert.Equal(AuditKeys.System, audit.Items[0].KeyName);
    }

    [OnBothDatabases]
    public async Task CatchUpAtStart_HoldsACitationToItsOwnInterval_AndLeavesPausedOnesAlone()
    {
        await using var services = await MonitorServices.StartAsync();
        var weekly = await services.WatchAsync("http://127.0.0.1:9/weekly");
        var hourly = await services.WatchAsync("http://127.0.0.1:9/hourly");
        var paused = await services.WatchAsync("http://127.0.0.1:9/paused");
        var life = services.Get<CitationLife>();
        foreach (var id in new[] { weekly, hourly, paused })
        {
            await SetScheduleAsync(services, id, lastChecked: Now, next: Now + TimeSpan.FromDays(6));
        }

        await life.EditAsync(weekly, null, new CitationEdit { SetsCheckInterval = true, CheckInterval = TimeSpan.FromDays(7) }, AuditKeys.Local, CancellationToken.None);
        await life.EditAsync(paused, null, new CitationEdit { Paused = true }, AuditKeys.Local, CancellationToken.None);
        await SetScheduleAsync(services, weekly, lastChecked: Now, next: Now + TimeSpan.FromDays(6));
        var catchUp = new CheckIntervalCatchUp(
            services.Get<CitationScheduleStore>(),
            Microsoft.Extensions.Options.Options.Create(new WorkerOptions { CheckInterval = TimeSpan.FromHours(1) }),
            new IntervalJitter(() => 0.5),
            new FakeTimeProvider(Now),
            NullLogger<CheckIntervalCatchUp>.Instance);

        await catchUp.StartAsync(CancellationToken.None);

        Assert.Equal(Now + TimeSpan.FromDays(6), await NextCheckAsync(services, weekly));
        Assert.Equal(Now + TimeSpan.FromHours(1), await NextCheckAsync(services, hourly));
        Assert.Equal(Now + TimeSpan.FromDays(6), await NextCheckAsync(services, paused));
    }

    private static async Task SetScheduleAsync(MonitorServices services, long id, DateTimeOffset? lastChecked, DateTimeOffset next)
    {
        await using var db = await services.OpenAsync();
        await db.ExecuteAsync(
            "UPDATE citations SET last_checked_at = @last, next_check_at = @next WHERE id = @id",
            new { id, last = lastChecked, next });
    }

    private static async Task<DateTimeOffset> NextCheckAsync(MonitorServices services, long id)
    {
        await using var db = await services.OpenAsync();
        return await db.ExecuteScalarAsync<DateTimeOffset>("SELECT next_check_at FROM citations WHERE id = @id", new { id });
    }
}
