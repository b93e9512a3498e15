using System.Net;
using System.Net.Http.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>Two real processes on one database, as when the API and a worker start together.</summary>
public sealed class TwoProcessTests
{
    [Fact]
    public async Task TwoHostsStartingOnANewDatabase_BothRunAndTheStatementIsLoadedOnce()
    {
        for (var round = 0; round < 3; round++)
        {
            using var folder = new TestFolder();
            var database = folder.DatabasePath;
            string[] arguments = [$"--Monitor:DatabasePath={database}", "--Monitor:Worker:Enabled=false", "--Serilog:MinimumLevel:Default=Information"];

            await using var first = ApiProcess.Start(arguments);
            await using var second = ApiProcess.Start(arguments);
            await using var connection = new SqliteConnection($"Data Source={database}");
            var started = await Task.WhenAll(first.WaitStartedAsync(TimeSpan.FromSeconds(60)), second.WaitStartedAsync(TimeSpan.FromSeconds(60)));

            Assert.True(started[0], "first host did not start:\n" + first.Output);
            Assert.True(started[1], "second host did not start:\n" + second.Output);
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM documents"));
            Assert.Equal(10, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citations"));
            Assert.Equal(11, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citation_places"));
        }
    }

    [Fact]
    public async Task ApiWithItsSchedulerAndAStandaloneWorker_NeverCheckOneCitationAtTheSameTime()
    {
        using var folder = new TestFolder();
        // Each answer takes 50 ms, so two fetches of one page at once would overlap on the server.
        await using var sites = await ChangingSites.StartAsync(4, 50, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
        string[] arguments =
        [
            $"--Monitor:DatabasePath={folder.DatabasePath}",
            "--Monitor:SeedDefaultCitations=false",
            "--Monitor:Fetch:AllowPrivateNetworks=true",
            "--Monitor:Fetch:PerHostDelay=00:00:00",
            "--Monitor:Fetch:RetryAttempts=0",
            "--Monitor:Fetch:HostProbeInterval=00:00:00",
            "--Monitor:Noise:ConfirmAfter=00:00:00",
            "--Monitor:Worker:PollInterval=00:00:00.100",
            "--Monitor:Worker:CheckInterval=00:00:01",
            "--Monitor:Worker:MaxConcurrency=16",
            "--Monitor:Worker:MaxConcurrencyPerHost=8",
            "--Serilog:MinimumLevel:Default=Warning",
        ];

        await using var api = ApiProcess.Start(arguments);
        Assert.True(await api.WaitStartedAsync(TimeSpan.FromSeconds(60)), "the API did not start:\n" + api.Output);
        await using var worker = ApiProcess.StartWorker(arguments);
        Assert.True(await worker.WaitStartedAsync(TimeSpan.FromSeconds(60)), "the worker did not start:\n" + worker.Output);

        using (var client = new HttpClient { BaseAddress = api.BaseAddress })
        {
            var text = string.Join('\n', sites.Urls.Select((url, i) => $"Fuente {i}: {url}"));
            using var response = await client.PostAsJsonAsync("/api/documents", new { title = "Dos procesos", text });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        // Every citation checked at least three times, by whichever process claimed it.
        await using var connection = new SqliteConnection($"Data Source={folder.DatabasePath};Pooling=False");
        var swept = await Eventually.TrueWithinAsync(
            async () => await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citations WHERE check_count < 3") == 0,
            TimeSpan.FromSeconds(90));

        Assert.True(swept, "the two processes did not sweep every citation three times");
        Assert.False(api.HasExited, api.Output);
        Assert.False(worker.HasExited, worker.Output);
        Assert.Equal(sites.Urls.Count, sites.PagesRequested());
        Assert.Empty(sites.Overlaps());
        Assert.DoesNotContain("database is locked", api.Output + worker.Output, StringComparison.OrdinalIgnoreCase);
    }
}
