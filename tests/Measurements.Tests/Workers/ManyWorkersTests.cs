using System.Net;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace CitationMonitor.Measurements.Tests.Workers;

/// <summary>
/// Three worker processes (src/Worker) over one PostgreSQL database sweep 3,000 citations on 30 hosts of loopback, and
/// one of them is killed with SIGKILL in the middle: the other two finish its citations, every citation is checked once,
/// and no host ever sees more than its concurrency or two requests closer than its delay, across the three.
/// </summary>
public sealed class ManyWorkersTests(ITestOutputHelper output)
{
    private const int Hosts = 30;
    private const int CitationsPerHost = 100;
    private const int MaxConcurrencyPerHost = 2;
    private static readonly TimeSpan PerHostDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// How much closer than PerHostDelay two arrivals may be measured: the server takes the time a little after the
    /// request was sent, later for one than another on a machine this busy (three workers, thirty servers and the
    /// database on two cores: one worker alone, which spaces its requests by itself, was measured down to 80 ms apart at a
    /// 300 ms delay). Without a delay shared by the workers, requests of three workers arrive together, well under a
    /// millisecond apart.
    /// </summary>
    private static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(250);

    [OnPostgres]
    public async Task ThreeWorkers_OneKilledMidSweep_CheckEveryCitationOnce_WithinEachHostsDelayAndConcurrency()
    {
        // Thirty servers in this process: enough threads from the start that none waits for the pool to grow before it
        // takes a request's time (which measured requests sent 300 ms apart as arriving together).
        ThreadPool.GetMinThreads(out var minWorkers, out var minIo);
        ThreadPool.SetMinThreads(Math.Max(minWorkers, 64), Math.Max(minIo, 64));
        var logs = new List<RequestLog>();
        var servers = new List<LoopbackServer>();
        try
        {
            for (var h = 0; h < Hosts; h++)
            {
                var log = new RequestLog();
                logs.Add(log);
                servers.Add(await LoopbackServer.StartAsync(app =>
                {
                    log.Attach(app);
                    app.MapGet("/informe/{n}", async (int n) =>
                    {
                        // Long enough for a second check of the host to overlap, were the slots not shared.
                        await Task.Delay(30);
                        return Results.Content($"<html><head><title>Informe {n}</title></head><body><p>Informe número {n}.</p></body></html>", "text/html");
                    });
                }, address: IPAddress.Parse($"127.0.1.{h + 1}")));
            }

            await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:SeedDefaultCitations"] = "false" });
            await using (var db = await services.OpenAsync())
            {
                await using var insert = await db.BeginTransactionAsync();
                // Hosts interleaved, as the citations of documents are.
                for (var n = 0; n < CitationsPerHost; n++)
                {
                    for (var h = 0; h < Hosts; h++)
                    {
                        var url = servers[h].Url($"/informe/{n}");
                        var normalized = UrlNormalizer.Normalize(url);
                        await db.ExecuteAsync(
                            """
                            INSERT INTO citations (url, normalized_url, url_key, host, health, next_check_at, created_at)
                            VALUES (@url, @Url, @Key, @Host, 'unknown', @now, @now)
                            """, new { url, normalized.Url, normalized.Key, normalized.Host, now = TimeProvider.System.GetUtcNow() }, insert);
                    }
                }

                await db.ExecuteAsync("INSERT INTO places (citation_id, created_at) SELECT id, created_at FROM citations", transaction: insert);
                await insert.CommitAsync();
            }

            var arguments = services.SettingsForAnotherHost(new Dictionary<string, string?>
            {
                ["Monitor:SeedDefaultCitations"] = "false",
                ["Monitor:Fetch:PerHostDelay"] = PerHostDelay.ToString(),
                ["Monitor:Fetch:RetryAttempts"] = "0",
                ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
                ["Monitor:Worker:PollInterval"] = "00:00:00.200",
                // Each citation once in the test's round.
                ["Monitor:Worker:CheckInterval"] = "1.00:00:00",
                ["Monitor:Worker:MaxConcurrency"] = "16",
                ["Monitor:Worker:MaxConcurrencyPerHost"] = MaxConcurrencyPerHost.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Serilog:MinimumLevel:Default"] = "Warning",
            }).Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();

            var workers = new[] { ApiProcess.StartWorker(arguments), ApiProcess.StartWorker(arguments), ApiProcess.StartWorker(arguments) };
            try
            {
                foreach (var worker in workers)
                {
                    Assert.True(await worker.WaitStartedAsync(TimeSpan.FromSeconds(60)), "a worker did not start:\n" + worker.Output);
                }

                await using var db = await services.OpenAsync();
                Assert.True(
                    await Eventually.TrueWithinAsync(async () => await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM checks") >= 1000, TimeSpan.FromMinutes(2)),
                    "the three workers did not check 1,000 citations in two minutes");
                await workers[0].KillAsync();
                var killedAt = TimeProvider.System.GetUtcNow();
                var checkedAtKill = await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM checks");

                // The other two finish, the killed worker's claims included, well within a lease (five minutes).
                var finished = await Eventually.TrueWithinAsync(
                    async () => await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citations WHERE check_count = 0") == 0, TimeSpan.FromMinutes(4));
                var took = TimeProvider.System.GetUtcNow() - killedAt;
                output.WriteLine($"{checkedAtKill} checks when one worker was killed; the other two finished {took.TotalSeconds:F1} s later");
                Assert.True(finished, "the two workers left did not check every citation within four minutes:\n" + workers[1].Output + workers[2].Output);
                Assert.False(workers[1].HasExited, workers[1].Output);
                Assert.False(workers[2].HasExited, workers[2].Output);

                // Once each: one check row per citation, counted on the citation too.
                Assert.Equal(Hosts * CitationsPerHost, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM checks"));
                Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citations WHERE check_count <> 1"));
                Assert.Empty(await db.QueryAsync<long>("SELECT citation_id FROM checks GROUP BY citation_id HAVING COUNT(*) <> 1"));

                // Nothing half written: every successful check has its snapshot, body and text, and the chain holds.
                Assert.Equal(0, await db.ExecuteScalarAsync<int>(
                    """
                    SELECT COUNT(*) FROM checks c
                    LEFT JOIN snapshots s ON s.id = c.snapshot_id
                    LEFT JOIN bodies b ON b.sha256 = s.sha256
                    LEFT JOIN texts t ON t.sha256 = s.text_sha256
                    WHERE c.status = 'ok' AND (s.id IS NULL OR b.sha256 IS NULL OR t.sha256 IS NULL OR s.record_hash IS NULL)
                    """));
                var chain = await services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);
                Assert.True(chain.Intact, chain.FirstBroken?.Detail);

                var gaps = logs.SelectMany(l => l.Gaps).ToList();
                output.WriteLine("smallest gaps: " + string.Join(", ", gaps.Order().Take(10).Select(g => $"{g.TotalMilliseconds:F1} ms")));
                output.WriteLine(
                    $"gaps between arrivals at one host: {gaps.Count(g => g < PerHostDelay / 2)} under {PerHostDelay / 2}, " +
                    $"{gaps.Count(g => g < PerHostDelay - ArrivalJitter)} under {PerHostDelay - ArrivalJitter}, {gaps.Count(g => g < PerHostDelay)} under {PerHostDelay}, of {gaps.Count}");

                // The delay, across the three: a gap closer than the allowance is one the measurement itself may make on a
                // machine this busy (a handful in thousands, seen with the spacing right); without a delay shared by the
                // workers, a third of the gaps are.
                var tooClose = gaps.Count(g => g < PerHostDelay - ArrivalJitter);
                Assert.True(tooClose * 200 <= gaps.Count, $"{tooClose} of {gaps.Count} gaps between requests to one host were under {PerHostDelay - ArrivalJitter}");

                // Every host: its requests, none closer than its delay, never more in flight than its concurrency.
                for (var h = 0; h < Hosts; h++)
                {
                    Assert.True(logs[h].Count >= CitationsPerHost, $"host {h + 1} saw {logs[h].Count} requests");
                    Assert.True(logs[h].PeakInFlight <= MaxConcurrencyPerHost, $"host {h + 1} had {logs[h].PeakInFlight} requests in flight at once");

                }
            }
            finally
            {
                foreach (var worker in workers)
                {
                    await worker.DisposeAsync();
                }
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            ThreadPool.SetMinThreads(minWorkers, minIo);
        }
    }
}
