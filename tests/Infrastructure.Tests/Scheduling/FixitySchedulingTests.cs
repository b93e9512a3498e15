using CitationMonitor.Infrastructure.Scheduling;
using CitationMonitor.TestSupport;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Tests.Scheduling;

/// <summary>Fixity runs fired by the Quartz scheduler as a host runs it: on start, then every interval, one at a time.</summary>
public sealed class FixitySchedulingTests : IDisposable
{
    private readonly TestFolder _folder = new();

    [Fact]
    public async Task Scheduler_RunsFixityOnItsInterval()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Monitor:DatabasePath"] = _folder.DatabasePath,
            ["Monitor:SeedDefaultCitations"] = "false",
            ["Monitor:Fixity:Interval"] = "00:00:01",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMonitorCore();
        builder.Services.AddMonitorScheduler(builder.Configuration);
        using var host = builder.Build();

        await host.StartAsync();
        var ranTwice = await Eventually.TrueWithinAsync(async () =>
        {
            await using var db = new SqliteConnection($"Data Source={_folder.DatabasePath}");
            return await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM fixity_runs WHERE finished_at IS NOT NULL AND error IS NULL") >= 2;
        }, TimeSpan.FromSeconds(20));
        await host.StopAsync();

        Assert.True(ranTwice, "the scheduler did not run fixity twice within 20 s at a 1 s interval");
        await using var connection = new SqliteConnection($"Data Source={_folder.DatabasePath}");
        var runs = (await connection.QueryAsync<(string StartedAt, string Trigger)>(
            "SELECT started_at, trigger_kind FROM fixity_runs ORDER BY id")).AsList();
        Assert.All(runs, r => Assert.Equal("schedule", r.Trigger));
        for (var i = 1; i < runs.Count; i++)
        {
            var gap = DateTimeOffset.Parse(runs[i].StartedAt, System.Globalization.CultureInfo.InvariantCulture)
                - DateTimeOffset.Parse(runs[i - 1].StartedAt, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(gap >= TimeSpan.FromSeconds(0.99), $"two runs started {gap} apart, less than the interval");
        }
    }

    public void Dispose() => _folder.Dispose();
}
