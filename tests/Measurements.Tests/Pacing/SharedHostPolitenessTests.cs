using System.Net;
using Dapper;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Measurements.Tests.Pacing;

/// <summary>
/// Three workers over one PostgreSQL database (three sets of services, each its own pacer, gate and circuits, as three
/// processes would have) against real servers on loopback: what each owes a host counts across all three.
/// </summary>
public sealed class SharedHostPolitenessTests
{
    private static readonly TimeSpan PerHostDelay = TimeSpan.FromMilliseconds(300);

    [OnPostgres]
    public async Task ThreeWorkers_CheckingOneHostAtOnce_KeepItsDelayAndConcurrencyBetweenThem()
    {
        var log = new RequestLog();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            log.Attach(app);
            // Slower than the spacing, so that spacing alone would let several requests overlap.
            app.MapGet("/page/{n}", async (int n) =>
            {
                await Task.Delay(900);
                return Results.Content($"<html><body><p>Informe {n}</p></body></html>", "text/html");
            });
        }, address: IPAddress.Parse("127.0.0.21"));
        var settings = new Dictionary<string, string?>
        {
            ["Monitor:Fetch:PerHostDelay"] = "00:00:00.300",
            ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
            ["Monitor:Worker:MaxConcurrencyPerHost"] = "2",
        };
        await using var first = await MonitorServices.StartAsync(settings);
        await using var second = await first.BesideAsync(settings);
        await using var third = await first.BesideAsync(settings);
        MonitorServices[] workers = [first, second, third];
        foreach (var worker in workers)
        {
            await HostPolitenessTests.WarmUpAsync(worker, server);
        }

        var ids = new List<long>();
        for (var n = 0; n < 9; n++)
        {
            ids.Add(await first.WatchAsync(server.Url($"/page/{n}")));
        }

        // Each worker checks three of them, all at once: alone, each would keep the spacing and the two slots for itself only.
        var runs = await Task.WhenAll(ids.Select((id, n) => Task.Run(() => workers[n % 3].Get<CitationChecker>().CheckAsync(id, CancellationToken.None))));

        Assert.All(runs, run => Assert.Equal(CheckStatus.Ok, run.Check?.Status));
        Assert.Equal(9, log.Count);
        Assert.True(log.SmallestGap >= PerHostDelay - HostPolitenessTests.ArrivalJitter, $"two requests to one host {log.SmallestGap} apart");
        Assert.Equal(2, log.PeakInFlight);
    }

    [OnPostgres]
    public async Task RetryAfterOfAnHour_SeenByOneWorker_PausesTheHostForAllThree()
    {
        var log = new RequestLog();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            log.Attach(app);
            app.MapGet("/limited", (HttpContext context) =>
            {
                context.Response.Headers.RetryAfter = "3600";
                return Results.StatusCode(429);
            });
            app.MapGet("/other/{n}", (int n) => Results.Content($"<html><body><p>Otro informe {n}.</p></body></html>", "text/html"));
        }, address: IPAddress.Parse("127.0.0.22"));
        await using var first = await MonitorServices.StartAsync();
        await using var second = await first.BesideAsync();
        await using var third = await first.BesideAsync();
        var limited = await first.WatchAsync(server.Url("/limited"));
        var others = new[] { await first.WatchAsync(server.Url("/other/1")), await first.WatchAsync(server.Url("/other/2")) };
        var before = TimeProvider.System.GetUtcNow();

        var run = await first.Get<CitationChecker>().CheckAsync(limited, CancellationToken.None);
        Assert.Equal(CheckStatus.RateLimited, run.Check!.Status);

        // The two other workers have never heard from the host themselves.
        foreach (var (worker, id) in new[] { (second, others[0]), (third, others[1]) })
        {
            var postponed = await worker.Get<CitationChecker>().CheckAsync(id, CancellationToken.None);
            Assert.Equal(CheckRunOutcome.Postponed, postponed.Outcome);
            Assert.Equal(CheckReasons.RetryAfter, postponed.PauseReason);
            Assert.True(postponed.PausedUntil >= before.AddSeconds(3590), $"paused until {postponed.PausedUntil}");
            var row = (await worker.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;
            Assert.Equal(0, row.CheckCount);
            Assert.True(row.NextCheckAt >= before.AddSeconds(3590), $"next check at {row.NextCheckAt}");
        }

        Assert.Equal(["/limited"], log.Paths);
    }

    [OnPostgres]
    public async Task AHostsTurn_TheDatabaseCannotGive_PostponesTheCheck_WithoutRecordingItAgainstTheSource()
    {
        var log = new RequestLog();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            log.Attach(app);
            app.MapGet("/page", () => Results.Content("<html><body><p>Informe anual.</p></body></html>", "text/html"));
        }, address: IPAddress.Parse("127.0.0.23"));
        await using var worker = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:PerHostDelay"] = "00:00:00.100",
            ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
        });
        var id = await worker.WatchAsync(server.Url("/page"));
        var before = TimeProvider.System.GetUtcNow();

        // The shared turns cannot be read: the database fails (a socket error would look the same to the fetch).
        await using (var db = await worker.OpenAsync())
        {
            await db.ExecuteAsync("ALTER TABLE host_turns RENAME TO host_turns_elsewhere");
        }

        for (var attempt = 0; attempt < 6; attempt++)
        {
            var run = await worker.Get<CitationChecker>().CheckAsync(id, CancellationToken.None);
            Assert.Equal(CheckRunOutcome.Postponed, run.Outcome);
            Assert.Equal(CheckReasons.SharedTurnUnavailable, run.PauseReason);
            Assert.Equal(server.BaseUri.Host, run.PausedHost);
        }

        // Nothing was sent, nothing recorded against the source, and it is due again shortly.
        Assert.Equal(0, log.Count);
        var row = (await worker.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;
        Assert.Equal(0, row.CheckCount);
        Assert.InRange(row.NextCheckAt, before.AddSeconds(30), before.AddMinutes(2));

        // With the database answering again, the check goes through: six failures opened no circuit on the site.
        await using (var db = await worker.OpenAsync())
        {
            await db.ExecuteAsync("ALTER TABLE host_turns_elsewhere RENAME TO host_turns");
        }

        var after = await worker.Get<CitationChecker>().CheckAsync(id, CancellationToken.None);
        Assert.Equal(CheckStatus.Ok, after.Check?.Status);
        Assert.Equal(1, log.Count);
    }

    [OnPostgres]
    public async Task AHalfOpenCircuit_IsNotClosedByATurnTheDatabaseCannotGive()
    {
        using var refusing = RefusingPort.Open(IPAddress.Parse("127.0.0.24"));
        var port = refusing.Port;
        await using var worker = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:HostBreakAfterFailures"] = "2",
            ["Monitor:Fetch:HostBreak"] = "00:00:01",
            ["Monitor:Fetch:HostBreakMax"] = "00:01:00",
            ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
        });
        var checker = worker.Get<CitationChecker>();
        var ids = new List<long>();
        for (var n = 0; n < 4; n++)
        {
            ids.Add(await worker.WatchAsync($"http://127.0.0.24:{port}/page/{n}"));
        }

        // Two refusals open the host's circuit for a second.
        Assert.Equal(CheckStatus.ConnectionError, (await checker.CheckAsync(ids[0], CancellationToken.None)).Check?.Status);
        Assert.Equal(CheckStatus.ConnectionError, (await checker.CheckAsync(ids[1], CancellationToken.None)).Check?.Status);
        Assert.Equal(CheckReasons.CircuitOpen, (await checker.CheckAsync(ids[2], CancellationToken.None)).PauseReason);

        // The break is over, but the trial cannot have its turn: the database's shared turns are unreadable.
        await Task.Delay(TimeSpan.FromSeconds(1.3));
        await using (var db = await worker.OpenAsync())
        {
            await db.ExecuteAsync("ALTER TABLE host_turns RENAME TO host_turns_elsewhere");
        }

        Assert.Equal(CheckReasons.SharedTurnUnavailable, (await checker.CheckAsync(ids[2], CancellationToken.None)).PauseReason);
        await using (var db = await worker.OpenAsync())
        {
            await db.ExecuteAsync("ALTER TABLE host_turns_elsewhere RENAME TO host_turns");
        }

        // That was no trial, so the circuit did not close: the next check is the trial, it fails, and the circuit opens
        // again at once (a closed circuit would have needed two more failures).
        var trial = await checker.CheckAsync(ids[2], CancellationToken.None);
        Assert.Equal(CheckStatus.ConnectionError, trial.Check?.Status);
        var after = await checker.CheckAsync(ids[3], CancellationToken.None);
        Assert.Equal(CheckRunOutcome.Postponed, after.Outcome);
        Assert.Equal(CheckReasons.CircuitOpen, after.PauseReason);
    }
}
