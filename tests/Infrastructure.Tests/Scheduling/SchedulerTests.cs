using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Scheduling;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Tests.Scheduling;

/// <summary>The Quartz scheduler as a host runs it, against a loopback site that counts concurrent requests.</summary>
public sealed class SchedulerTests : IDisposable
{
    private readonly TestFolder _folder = new();
    private int _inFlight;
    private int _peak;
    private int _requests;

    [Fact]
    public async Task DueCitations_AreAllCheckedWithinThePerHostLimit()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/page/{n}", async (int n) =>
        {
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _peak, now);
            Interlocked.Increment(ref _requests);
            await Task.Delay(50);
            Interlocked.Decrement(ref _inFlight);
            return Results.Content($"<html><body><p>Page {n}</p></body></html>", "text/html");
        }));
        var database = _folder.DatabasePath;
        var host = BuildHost(maxConcurrency: 4, maxPerHost: 1);
        using var _ = host;

        await host.StartAsync();
        for (var n = 0; n < 6; n++)
        {
            await AddAsync(host, server.Url($"/page/{n}"));
        }

        var checkedAll = await Eventually.TrueWithinAsync(async () =>
        {
            await using var connection = new SqliteConnection($"Data Source={database}");
            return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citations WHERE check_count = 1") == 6;
        }, TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.True(checkedAll, "not every due citation was checked");
        Assert.Equal(6, _requests);
        Assert.Equal(1, _peak);
        await using var db = new SqliteConnection($"Data Source={database}");
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citations WHERE lease_owner IS NOT NULL"));
        var nextChecks = await db.QueryAsync<string>("SELECT next_check_at FROM citations");
        var earliest = TimeProvider.System.GetUtcNow().AddDays(0.85);
        Assert.All(nextChecks, next => Assert.True(
            DateTimeOffset.Parse(next, System.Globalization.CultureInfo.InvariantCulture) > earliest,
            $"next check {next} is not about one CheckInterval (1 day ±10%) away"));
    }

    [Fact]
    public async Task Shutdown_WaitsForTheCheckInFlightAndRecordsIt()
    {
        using var requestArrived = new SemaphoreSlim(0);
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/slow", async () =>
        {
            requestArrived.Release();
            await Task.Delay(1500);
            return Results.Content("<html><body><p>Slow but complete.</p></body></html>", "text/html");
        }));
        var database = _folder.DatabasePath;
        var host = BuildHost(maxConcurrency: 2, maxPerHost: 2);
        using var _ = host;
        await host.StartAsync();
        await AddAsync(host, server.Url("/slow"));

        Assert.True(await requestArrived.WaitAsync(TimeSpan.FromSeconds(20)), "the scheduler never fetched the citation");
        await host.StopAsync();

        await using var db = new SqliteConnection($"Data Source={database}");
        var row = await db.QuerySingleAsync<(int CheckCount, int SnapshotCount, string? LeaseOwner, string LastStatus)>(
            "SELECT check_count, snapshot_count, lease_owner, last_status FROM citations");
        Assert.Equal((1, 1, (string?)null, "ok"), row);
    }

    private IHost BuildHost(int maxConcurrency, int maxPerHost)
    {
        var database = _folder.DatabasePath;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Monitor:DatabasePath"] = database,
            ["Monitor:SeedDefaultCitations"] = "false",
            ["Monitor:Worker:PollInterval"] = "00:00:00.200",
            ["Monitor:Worker:MaxConcurrency"] = maxConcurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitor:Worker:MaxConcurrencyPerHost"] = maxPerHost.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitor:Fetch:AllowPrivateNetworks"] = "true",
            ["Monitor:Archive:Enabled"] = "false",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMonitorCore();
        builder.Services.AddMonitorScheduler(builder.Configuration);
        return builder.Build();
    }

    private static async Task AddAsync(IHost host, string url) =>
        await host.Services.GetRequiredService<CitationStore>().AddAsync(url, UrlNormalizer.Normalize(url), null, null, CancellationToken.None);

    public void Dispose() => _folder.Dispose();

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
