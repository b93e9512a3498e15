using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CitationMonitor.Infrastructure.Tests.Scheduling;

/// <summary>
/// The scheduler and the checks asked for through the API (<see cref="CitationChecker.TryCheckNowAsync"/>) hold slots
/// of one budget: with <c>MaxConcurrency</c> 1, a check held by either makes the other refuse (the API) or wait (the
/// scheduler), and a slot freed while the scheduler waits goes to it. Requests are counted at the server.
/// </summary>
public sealed class SharedCheckBudgetTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(1.5);

    private readonly TestFolder _folder = new();

    [Fact]
    public async Task ACheckOfTheSchedulerInFlight_MakesACheckAskedForNowRefuse_UntilItIsRecorded()
    {
        var log = new RequestLog();
        await using var site = await SlowSiteAsync(log);
        using var host = await BuildHostAsync();
        var scheduled = await AddAsync(host, site.Url("/slow/scheduled"), due: true);
        var onDemand = await AddAsync(host, site.Url("/slow/on-demand"), due: false);
        var checker = host.Services.GetRequiredService<CitationChecker>();

        await host.StartAsync();
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(log.Count == 1), TimeSpan.FromSeconds(20)), "the scheduler did not start its check");
        var refused = await checker.TryCheckNowAsync(onDemand, CancellationToken.None);

        Assert.Equal(CheckRunOutcome.Refused, refused.Outcome);
        Assert.Equal(new CheckRefusal(CheckRefusal.MaxConcurrency, null, 1, 1), refused.Refusal);
        Assert.True(await Eventually.TrueWithinAsync(async () => await CheckCountAsync(scheduled) == 1, TimeSpan.FromSeconds(20)), "the scheduled check was not recorded");
        var run = await checker.TryCheckNowAsync(onDemand, CancellationToken.None);
        await host.StopAsync();

        Assert.Equal(CheckRunOutcome.Checked, run.Outcome);
        Assert.Equal(["/slow/scheduled", "/slow/on-demand"], log.Paths);
        Assert.Equal(1, log.PeakInFlight);
    }

    [Fact]
    public async Task ACheckAskedForNowInFlight_MakesTheSchedulerWait_AndTheSlotItFreesGoesToTheScheduler()
    {
        var log = new RequestLog();
        await using var site = await SlowSiteAsync(log);
        using var host = await BuildHostAsync();
        var onDemand = await AddAsync(host, site.Url("/slow/on-demand"), due: false);
        var scheduled = await AddAsync(host, site.Url("/slow/scheduled"), due: false);
        var later = await AddAsync(host, site.Url("/slow/later"), due: false);
        var checker = host.Services.GetRequiredService<CitationChecker>();
        var budget = host.Services.GetRequiredService<CheckBudget>();
        await host.StartAsync();

        var first = Task.Run(() => checker.TryCheckNowAsync(onDemand, CancellationToken.None));
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(log.Count == 1), TimeSpan.FromSeconds(20)), "the check asked for now did not start");
        await MakeDueAsync(scheduled);
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(budget.Waiting == 1), TimeSpan.FromSeconds(20)), "the scheduler did not wait for a slot");
        Assert.Equal(1, log.Count);

        var firstRun = await first;
        // The slot went to the waiting scheduler as the first check ended: a client asking now is refused.
        var refused = await checker.TryCheckNowAsync(later, CancellationToken.None);

        Assert.Equal(CheckRunOutcome.Checked, firstRun.Outcome);
        Assert.Equal(CheckRunOutcome.Refused, refused.Outcome);
        Assert.Equal(CheckRefusal.MaxConcurrency, refused.Refusal!.Reason);
        Assert.True(await Eventually.TrueWithinAsync(async () => await CheckCountAsync(scheduled) == 1, TimeSpan.FromSeconds(20)), "the scheduled check was not recorded");
        await host.StopAsync();
        Assert.Equal(0, await CheckCountAsync(later));
        Assert.Equal(["/slow/on-demand", "/slow/scheduled"], log.Paths);
        Assert.Equal(1, log.PeakInFlight);
        Assert.Equal(0, budget.InFlight);
    }

    /// <summary>A host as src/Worker builds it, MaxConcurrency 1, over a migrated database; not started yet.</summary>
    private async Task<IHost> BuildHostAsync()
    {
        var host = SchedulerHost.Build(TestSettings.ForServices(_folder.DatabasePath, new Dictionary<string, string?>
        {
            ["Monitor:SeedDefaultCitations"] = "false",
            ["Monitor:Worker:PollInterval"] = "00:00:00.100",
            // Long enough that a citation scheduled far out is not brought forward when the scheduler starts.
            ["Monitor:Worker:CheckInterval"] = "3650.00:00:00",
            ["Monitor:Worker:MaxConcurrency"] = "1",
            ["Monitor:Worker:MaxConcurrencyPerHost"] = "2",
            // Requests are counted at the server: no extra request for the host probe.
            ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
        }));
        await host.Services.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        return host;
    }

    /// <summary>Watches <paramref name="url"/>; due now, or not for years (only ever checked when asked).</summary>
    private async Task<long> AddAsync(IHost host, string url, bool due)
    {
        var (citation, _) = await host.Services.GetRequiredService<CitationStore>()
            .AddAsync(url, UrlNormalizer.Normalize(url), null, null, CancellationToken.None);
        if (!due)
        {
            await using var db = new SqliteConnection($"Data Source={_folder.DatabasePath}");
            await db.ExecuteAsync(
                "UPDATE citations SET next_check_at = @later WHERE id = @id",
                new { id = citation.Citation.Id, later = DbTime.ToDb(TimeProvider.System.GetUtcNow().AddDays(1000)) });
        }

        return citation.Citation.Id;
    }

    private async Task MakeDueAsync(long id)
    {
        await using var db = new SqliteConnection($"Data Source={_folder.DatabasePath}");
        await db.ExecuteAsync(
            "UPDATE citations SET next_check_at = @now WHERE id = @id",
            new { id, now = DbTime.ToDb(TimeProvider.System.GetUtcNow().AddSeconds(-1)) });
    }

    private async Task<int> CheckCountAsync(long id)
    {
        await using var db = new SqliteConnection($"Data Source={_folder.DatabasePath}");
        return await db.ExecuteScalarAsync<int>("SELECT check_count FROM citations WHERE id = @id", new { id });
    }

    private static Task<LoopbackServer> SlowSiteAsync(RequestLog log) =>
        LoopbackServer.StartAsync(app =>
        {
            log.Attach(app);
            app.MapGet("/slow/{name}", async (string name) =>
            {
                await Task.Delay(Slow);
                return Results.Content($"<html><body><main><p>Página {name}, servida con demora.</p></main></body></html>", "text/html");
            });
        });

    public void Dispose() => _folder.Dispose();
}
