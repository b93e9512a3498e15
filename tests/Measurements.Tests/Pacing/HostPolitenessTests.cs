using System.Diagnostics;
using System.Net;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Measurements.Tests.Pacing;

/// <summary>
/// Pacing, Retry-After and per-host circuits, through the real checker against real servers on several loopback
/// addresses, each one a host of its own.
/// </summary>
public sealed class HostPolitenessTests
{
    private static readonly TimeSpan PerHostDelay = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Arrival times are taken by the server, a little after the fetcher sent the request: two requests sent exactly
    /// PerHostDelay apart may arrive somewhat closer when the machine is busy (the server's side of the connection is
    /// scheduled late for one of them). Without pacing they arrive together, milliseconds apart.
    /// </summary>
    internal static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task ConcurrentChecks_OfOneHost_AreSpacedByPerHostDelay_WithinItsConcurrency()
    {
        var busyLog = new RequestLog();
        await using var busy = await LoopbackServer.StartAsync(app =>
        {
            busyLog.Attach(app);
            // Slower than the spacing, so that pacing alone would let 3 or 4 requests overlap.
            app.MapGet("/page/{n}", async (int n) =>
            {
                await Task.Delay(1000);
                return Results.Content($"<html><body><p>Page {n}</p></body></html>", "text/html");
            });
        }, address: IPAddress.Parse("127.0.0.2"));
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:PerHostDelay"] = "00:00:00.300",
            // Requests are counted: no extra request for the host probe (it goes through the same pacing).
            ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
            ["Monitor:Worker:MaxConcurrencyPerHost"] = "2",
        });
        await WarmUpAsync(services, busy);

        var busyIds = new List<long>();
        for (var n = 0; n < 8; n++)
        {
            busyIds.Add(await services.WatchAsync(busy.Url($"/page/{n}")));
        }

        var checker = services.Get<CitationChecker>();

        var runs = await Task.WhenAll(busyIds.Select(id => Task.Run(() => checker.CheckAsync(id, CancellationToken.None))));

        Assert.All(runs, run => Assert.Equal(CheckStatus.Ok, run.Check?.Status));
        Assert.Equal(8, busyLog.Count);
        Assert.True(busyLog.SmallestGap >= PerHostDelay - ArrivalJitter, $"two requests to one host {busyLog.SmallestGap} apart");
        Assert.Equal(2, busyLog.PeakInFlight);
    }

    [Fact]
    public async Task TurnsQueuedForOneHost_DoNotDelayAnotherHost()
    {
        var busyLog = new RequestLog();
        await using var busy = await LoopbackServer.StartAsync(app =>
        {
            busyLog.Attach(app);
            app.MapGet("/page/{n}", (int n) => Results.Content($"<html><body><p>Page {n}</p></body></html>", "text/html"));
        }, address: IPAddress.Parse("127.0.0.2"));
        var otherLog = new RequestLog();
        await using var other = await LoopbackServer.StartAsync(app =>
        {
            otherLog.Attach(app);
            app.MapGet("/page", () => Results.Content("<html><body><p>Other</p></body></html>", "text/html"));
        }, address: IPAddress.Parse("127.0.0.3"));
        // Three checks of the busy host wait for turns 3 s apart at once; a shared queue would put the other host behind them.
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:PerHostDelay"] = "00:00:03",
            // Requests are counted: no extra request for the host probe (it goes through the same pacing).
            ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
            ["Monitor:Worker:MaxConcurrencyPerHost"] = "3",
        });
        await WarmUpAsync(services, busy);
        await WarmUpAsync(services, other);
        var busyIds = new List<long>();
        for (var n = 0; n < 3; n++)
        {
            busyIds.Add(await services.WatchAsync(busy.Url($"/page/{n}")));
        }

        var otherId = await services.WatchAsync(other.Url("/page"));
        var checker = services.Get<CitationChecker>();

        var busyChecks = busyIds.Select(id => Task.Run(() => checker.CheckAsync(id, CancellationToken.None))).ToList();
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(busyLog.Count > 0), TimeSpan.FromSeconds(20)));
        var otherRun = await checker.CheckAsync(otherId, CancellationToken.None);
        await Task.WhenAll(busyChecks);

        Assert.Equal(CheckStatus.Ok, otherRun.Check?.Status);
        Assert.Equal(3, busyLog.Count);
        Assert.True(busyLog.SmallestGap >= TimeSpan.FromSeconds(3) - ArrivalJitter, $"two requests to one host {busyLog.SmallestGap} apart");
        var otherAt = Stopwatch.GetElapsedTime(busyLog.Arrivals[0], otherLog.Arrivals.Single());
        var secondBusyAt = Stopwatch.GetElapsedTime(busyLog.Arrivals[0], busyLog.Arrivals[1]);
        Assert.True(otherAt < secondBusyAt, $"the other host's request came {otherAt} after the busy host's first, its second at {secondBusyAt}");
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfterOneSecond_IsWaitedForAndRetried()
    {
        var log = new RequestLog();
        var hits = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            log.Attach(app);
            app.MapGet("/limited-once", (HttpContext context) =>
            {
                if (Interlocked.Increment(ref hits) == 1)
                {
                    context.Response.Headers.RetryAfter = "1";
                    return Results.StatusCode(429);
                }

                return Results.Content("<html><body><p>Informe anual.</p></body></html>", "text/html");
            });
        }, address: IPAddress.Parse("127.0.0.4"));
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:HostProbeInterval"] = "00:00:00" });
        var id = await services.WatchAsync(server.Url("/limited-once"));

        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal(2, check.Attempts);
        Assert.Equal(2, log.Count);
        var waited = Stopwatch.GetElapsedTime(log.Arrivals[0], log.Arrivals[1]);
        Assert.True(waited >= TimeSpan.FromSeconds(1) - ArrivalJitter, $"retried after {waited}, before the Retry-After");
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfterBeyondTheLimit_EndsAtOnce_AndPostponesTheHostsOtherCitations()
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
            app.MapGet("/other", () => Results.Content("<html><body><p>Otro informe.</p></body></html>", "text/html"));
        }, address: IPAddress.Parse("127.0.0.5"));
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:RetryAttempts"] = "2" });
        var limited = await services.WatchAsync(server.Url("/limited"));
        var other = await services.WatchAsync(server.Url("/other"));
        var checker = services.Get<CitationChecker>();

        // Waiting for the hour would run into this limit and fail the test.
        using var quickly = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var before = TimeProvider.System.GetUtcNow();
        var run = await checker.CheckAsync(limited, quickly.Token);

        Assert.Equal(CheckRunOutcome.Checked, run.Outcome);
        Assert.Equal(CheckStatus.RateLimited, run.Check!.Status);
        Assert.Equal(CheckReasons.RetryAfter, run.Check.Reason);
        Assert.Equal(429, run.Check.HttpStatus);
        Assert.Equal(1, run.Check.Attempts);

        var postponed = await checker.CheckAsync(other, quickly.Token);

        Assert.Equal(CheckRunOutcome.Postponed, postponed.Outcome);
        Assert.Equal(CheckReasons.RetryAfter, postponed.PauseReason);
        Assert.Equal("127.0.0.5", postponed.PausedHost);
        Assert.True(postponed.PausedUntil >= before.AddSeconds(3600));
        Assert.Equal(["/limited"], log.Paths);
        var row = await CitationAsync(services, other);
        Assert.Equal(0, row.CheckCount);
        Assert.Null(row.LastStatus);
        Assert.Equal(CitationHealth.Unknown, row.Health);
        Assert.True(row.NextCheckAt >= before.AddSeconds(3600), $"next check at {row.NextCheckAt}");
        await using var connection = await services.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM checks WHERE citation_id = @other", new { other }));
        Assert.Null(await connection.ExecuteScalarAsync<string?>("SELECT lease_owner FROM citations WHERE id = @other", new { other }));

        // The rate-limited citation itself is not due again before the host may be asked.
        Assert.True((await CitationAsync(services, limited)).NextCheckAt >= before.AddSeconds(3600));
    }

    [Fact]
    public async Task ServiceUnavailableTwice_ThenOk_IsOkWithThreeAttempts()
    {
        var hits = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/flaky", () =>
            Interlocked.Increment(ref hits) <= 2
                ? Results.StatusCode(503)
                : Results.Content("<html><body><p>De vuelta.</p></body></html>", "text/html")),
            address: IPAddress.Parse("127.0.0.6"));
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:RetryAttempts"] = "2" });
        var id = await services.WatchAsync(server.Url("/flaky"));

        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal(200, check.HttpStatus);
        Assert.Equal(3, check.Attempts);
        Assert.Equal(3, hits);
    }

    [Fact]
    public async Task HostRefusingEveryConnection_OpensItsCircuit_AndItsOtherCitationsArePostponedNotFailed()
    {
        using var refusing = RefusingPort.Open(IPAddress.Parse("127.0.0.7"));
        var port = refusing.Port;
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:HostBreakAfterFailures"] = "5",
            ["Monitor:Fetch:HostBreak"] = "00:05:00",
        });
        var ids = new List<long>();
        for (var n = 0; n < 8; n++)
        {
            ids.Add(await services.WatchAsync($"http://127.0.0.7:{port}/page/{n}"));
        }

        var checker = services.Get<CitationChecker>();
        var before = TimeProvider.System.GetUtcNow();
        var runs = new List<CheckRun>();
        foreach (var id in ids)
        {
            runs.Add(await checker.CheckAsync(id, CancellationToken.None));
        }

        Assert.All(runs.Take(5), run =>
        {
            Assert.Equal(CheckRunOutcome.Checked, run.Outcome);
            Assert.Equal(CheckStatus.ConnectionError, run.Check!.Status);
            Assert.Equal(2, run.Check.Attempts);
        });
        Assert.All(runs.Skip(5), run =>
        {
            Assert.Equal(CheckRunOutcome.Postponed, run.Outcome);
            Assert.Equal(CheckReasons.CircuitOpen, run.PauseReason);
            Assert.Equal("127.0.0.7", run.PausedHost);
            Assert.True(run.PausedUntil >= before.AddMinutes(4.5), $"paused until {run.PausedUntil}");
        });
        foreach (var id in ids.Skip(5))
        {
            var row = await CitationAsync(services, id);
            Assert.Equal((0, 0, CitationHealth.Unknown), (row.CheckCount, row.ConsecutiveFailures, row.Health));
            Assert.True(row.NextCheckAt >= before.AddMinutes(4.5), $"next check at {row.NextCheckAt}");
        }

        await using var connection = await services.OpenAsync();
        Assert.Equal(5, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM checks"));
    }

    [Fact]
    public async Task OpenCircuit_OfOneHost_DoesNotPauseAnother()
    {
        using var refusing = RefusingPort.Open(IPAddress.Parse("127.0.0.8"));
        var port = refusing.Port;
        await using var healthy = await LoopbackServer.StartAsync(
            app => app.MapGet("/", () => Results.Content("<html><body><p>Bien.</p></body></html>", "text/html")),
            address: IPAddress.Parse("127.0.0.9"));
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:HostBreakAfterFailures"] = "2" });
        var checker = services.Get<CitationChecker>();
        for (var n = 0; n < 2; n++)
        {
            await services.CheckedAsync(await services.WatchAsync($"http://127.0.0.8:{port}/page/{n}"));
        }

        var paused = await checker.CheckAsync(await services.WatchAsync($"http://127.0.0.8:{port}/page/9"), CancellationToken.None);
        var check = await services.CheckedAsync(await services.WatchAsync(healthy.Url("/")));

        Assert.Equal(CheckRunOutcome.Postponed, paused.Outcome);
        Assert.Equal(CheckStatus.Ok, check.Status);
    }

    /// <summary>Both sides of the connection run once before timing starts, so that start-up work does not skew arrivals.</summary>
    internal static Task WarmUpAsync(MonitorServices services, LoopbackServer server) =>
        services.Get<IPageFetcher>().FetchAsync(server.Url(RequestLog.WarmUpPath), CancellationToken.None);

    private static async Task<CitationRow> CitationAsync(MonitorServices services, long id) =>
        (await services.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;
}
