using System.Diagnostics;
using System.Net;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Measurements.Tests.Pacing;

/// <summary>
/// Pacing and host pauses as clients meet them: the scheduler and <c>POST /api/citations/{id}/check</c> share one pace
/// per host, and a check of a paused host answers 503 with Retry-After. Each loopback address is a host of its own.
/// </summary>
public sealed class HostPauseTests
{
    /// <summary>How much closer than PerHostDelay two arrivals may be measured on a busy machine; see HostPolitenessTests.</summary>
    private static readonly TimeSpan ArrivalJitter = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task SchedulerAndCheckNow_Together_KeepPerHostDelayAndMaxConcurrencyPerHost()
    {
        var log = new RequestLog();
        await using var site = await LoopbackServer.StartAsync(app =>
        {
            log.Attach(app);
            app.MapGet("/page/{n}", async (int n) =>
            {
                await Task.Delay(200);
                return Results.Content($"<html><body><p>Page {n}</p></body></html>", "text/html");
            });
        }, address: IPAddress.Parse("127.0.0.12"));
        await using var factory = new MonitorApiFactory(new Dictionary<string, string?>
        {
            ["Monitor:Worker:Enabled"] = "true",
            ["Monitor:Worker:PollInterval"] = "00:00:00.200",
            ["Monitor:Worker:MaxConcurrencyPerHost"] = "2",
            ["Monitor:Fetch:PerHostDelay"] = "00:00:00.400",
            // Requests are counted: no extra request for the host probe (it goes through the same pacing).
            ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
            ["Monitor:Fetch:RetryAttempts"] = "0",
        });
        using var client = factory.CreateClient();
        using (var warmUp = new HttpClient())
        {
            await warmUp.GetStringAsync(site.Url(RequestLog.WarmUpPath));
        }

        // The pacer spaces the starts of requests; a first request through a cold pipeline (JIT, first connection) can
        // reach the server late and so look close to the next one. One check of another host warms the pipeline up.
        await using (var other = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Content("<p>Otro sitio</p>", "text/html")), address: IPAddress.Parse("127.0.0.13")))
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/citations", new { url = other.Url("/") })).StatusCode);
            Assert.True(
                await Eventually.TrueWithinAsync(async () => await CountAsync(factory, "SELECT COUNT(*) FROM citations WHERE check_count = 1") == 1, TimeSpan.FromSeconds(30)),
                "the scheduler did not check the warm-up citation");
        }

        // Three citations only ever checked on demand (not due for years), three left to the scheduler (due now).
        var onDemand = new List<long>();
        for (var n = 0; n < 3; n++)
        {
            onDemand.Add(await InsertNotDueAsync(factory, site.Url($"/page/{n}")));
        }

        // The API runs no more checks of the host than its share: a check refused while the share is taken (503 with
        // Retry-After, by the API's checks or the scheduler's) asks again.
        var checks = onDemand.Select(async id =>
        {
            while (true)
            {
                var answer = await client.PostAsync($"/api/citations/{id}/check", null);
                if (answer.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    return answer;
                }

                Assert.NotNull(answer.Headers.RetryAfter?.Delta);
                Assert.Equal("max_concurrency_per_host", (await answer.ReadJsonAsync()).GetProperty("reason").GetString());
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }).ToList();
        for (var n = 3; n < 6; n++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/citations", new { url = site.Url($"/page/{n}") })).StatusCode);
        }

        var answers = await Task.WhenAll(checks);
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.True(
            await Eventually.TrueWithinAsync(async () => await CountAsync(factory, "SELECT COUNT(*) FROM citations WHERE check_count = 1") == 7, TimeSpan.FromSeconds(60)),
            "the scheduler did not check its three citations");

        Assert.Equal(6, log.Count);
        // In one process that also runs the API, the scheduler and the test site on two cores, a single arrival can be
        // stamped late by the server and look close to the next, the first one too (its connection is the first the
        // site accepts): so the span is measured without the first arrival or without the last, whichever is longer.
        // Unpaced, the six would arrive within about three handler times (600 ms); paced, any five of them in a row
        // take at least four delays (1.6 s).
        var arrivals = log.Arrivals;
        var span = Stopwatch.GetElapsedTime(arrivals[0], arrivals[^1]);
        var spanOfFive = new[] { Stopwatch.GetElapsedTime(arrivals[1], arrivals[^1]), Stopwatch.GetElapsedTime(arrivals[0], arrivals[^2]) }.Max();
        Assert.True(
            spanOfFive >= (4 * TimeSpan.FromMilliseconds(400)) - ArrivalJitter,
            $"six requests to one host within {span}, five in a row within {spanOfFive}");
        Assert.True(log.PeakInFlight <= 2, $"{log.PeakInFlight} requests to one host at once");
        Assert.Equal(0, await CountAsync(factory, "SELECT COUNT(*) FROM citations WHERE check_count = 1 AND last_status <> 'ok'"));
    }

    [Fact]
    public async Task CheckNow_OfAHostThatAskedForAnHourOff_IsServiceUnavailableWithRetryAfter()
    {
        var log = new RequestLog();
        await using var site = await LoopbackServer.StartAsync(app =>
        {
            log.Attach(app);
            app.MapGet("/limited", (HttpContext context) =>
            {
                context.Response.Headers.RetryAfter = "3600";
                return Results.StatusCode(429);
            });
            app.MapGet("/other", () => Results.Content("<html><body><p>Otro.</p></body></html>", "text/html"));
        }, address: IPAddress.Parse("127.0.0.13"));
        await using var factory = new MonitorApiFactory();
        using var client = factory.CreateClient();
        var limited = await AddAsync(client, site.Url("/limited"));
        var other = await AddAsync(client, site.Url("/other"));
        var before = TimeProvider.System.GetUtcNow();

        var stopwatch = Stopwatch.StartNew();
        var first = await client.PostAsync($"/api/citations/{limited}/check", null);
        var check = await first.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("rate_limited", check.GetProperty("status").GetString());
        Assert.Equal("retry_after", check.GetProperty("reason").GetString());
        Assert.Equal(1, check.GetProperty("attempts").GetInt32());
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"the check took {stopwatch.Elapsed}");

        var second = await client.PostAsync($"/api/citations/{other}/check", null);

        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.ServiceUnavailable);
        Assert.True(second.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(3500), $"Retry-After {second.Headers.RetryAfter}");
        var problem = await second.ReadJsonAsync();
        Assert.Contains("127.0.0.13", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("retry_after", problem.GetProperty("reason").GetString());
        Assert.Equal(["/limited"], log.Paths);
        var citation = await (await client.GetAsync($"/api/citations/{other}")).ReadJsonAsync();
        Assert.Equal(0, citation.GetProperty("checkCount").GetInt32());
        Assert.True(citation.GetProperty("nextCheckAt").GetDateTimeOffset() >= before.AddSeconds(3600));
    }

    [Fact]
    public async Task CheckNow_OfAHostWhoseCircuitIsOpen_IsServiceUnavailableWithRetryAfter()
    {
        using var refusing = RefusingPort.Open(IPAddress.Parse("127.0.0.14"));
        var port = refusing.Port;
        await using var factory = new MonitorApiFactory(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:HostBreakAfterFailures"] = "3",
            ["Monitor:Fetch:HostBreak"] = "00:05:00",
        });
        using var client = factory.CreateClient();

        for (var n = 0; n < 3; n++)
        {
            var id = await AddAsync(client, $"http://127.0.0.14:{port}/page/{n}");
            var failed = await client.PostAsync($"/api/citations/{id}/check", null);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.Equal("connection_error", (await failed.ReadJsonAsync()).GetProperty("status").GetString());
        }

        var paused = await AddAsync(client, $"http://127.0.0.14:{port}/page/9");
        var answer = await client.PostAsync($"/api/citations/{paused}/check", null);

        await ProblemAssert.IsProblemAsync(answer, HttpStatusCode.ServiceUnavailable);
        Assert.True(answer.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(240), $"Retry-After {answer.Headers.RetryAfter}");
        var problem = await answer.ReadJsonAsync();
        Assert.Contains("127.0.0.14", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("circuit_open", problem.GetProperty("reason").GetString());
        var citation = await (await client.GetAsync($"/api/citations/{paused}")).ReadJsonAsync();
        Assert.Equal(0, citation.GetProperty("checkCount").GetInt32());
        Assert.Equal(0, citation.GetProperty("consecutiveFailures").GetInt32());
        Assert.Equal("unknown", citation.GetProperty("health").GetString());
    }

    private static async Task<long> AddAsync(HttpClient client, string url) =>
        (await (await client.PostJsonAsync("/api/citations", new { url })).ReadJsonAsync()).GetProperty("id").GetInt64();

    /// <summary>A citation the scheduler leaves alone: due only in ten years.</summary>
    private static async Task<long> InsertNotDueAsync(MonitorApiFactory factory, string url)
    {
        var normalized = UrlNormalizer.Normalize(url);
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        return await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO citations (url, normalized_url, url_key, host, health, next_check_at, created_at)
            VALUES (@url, @Url, @Key, @Host, 'unknown', @later, @now)
            RETURNING id
            """,
            new
            {
                url,
                normalized.Url,
                normalized.Key,
                normalized.Host,
                later = DbTime.ToDb(TimeProvider.System.GetUtcNow().AddYears(10)),
                now = DbTime.ToDb(TimeProvider.System.GetUtcNow()),
            });
    }

    private static async Task<int> CountAsync(MonitorApiFactory factory, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        return await connection.ExecuteScalarAsync<int>(sql);
    }
}
