using System.Globalization;
using System.Net;
using System.Text.Json;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Citations;

/// <summary>
/// Checks asked for through the API share the process's budget with the scheduler: many at once against a slow server
/// never put more requests in flight than the limits allow (counted by the server), and the surplus is answered at once
/// with 503 problem+json and Retry-After instead of waiting.
/// </summary>
public sealed class CheckBudgetApiTests
{
    /// <summary>How long the slow server takes to answer each request.</summary>
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(1.5);

    [OnBothDatabases]
    public async Task TwentyChecksAtOnce_AgainstASlowServer_NeverExceedMaxConcurrency_AndTheSurplusIsRefusedAtOnce()
    {
        var log = new RequestLog();
        await using var site = await SlowSiteAsync(log, IPAddress.Loopback);
        // The host's share is as large as it goes, so that only MaxConcurrency binds; writes are not rate-limited here.
        await using var api = await StartApiAsync(maxConcurrency: 3, maxPerHost: 64);
        var ids = await AddAsync(api.Client, Enumerable.Range(0, 20).Select(n => site.Url($"/slow/{n}")));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answers = await CheckAllAtOnceAsync(api.Client, ids);
        var elapsed = clock.Elapsed;

        Assert.True(log.PeakInFlight <= 3, $"{log.PeakInFlight} requests in flight at the server at once");
        var ok = answers.Count(a => a.Status == HttpStatusCode.OK);
        var refused = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
        Assert.InRange(ok, 3, 6);
        Assert.Equal(ok, log.Count);
        Assert.Equal(20, ok + refused.Count);
        Assert.All(refused, a => AssertRefused(a, "max_concurrency"));
        // Nobody waited for a turn: the refusals came at once, and the admitted checks took one slow answer each.
        Assert.True(elapsed < Slow * 3, $"twenty checks took {elapsed}");
        Assert.All(refused, a => Assert.True(a.Elapsed < Slow, $"a refusal took {a.Elapsed}"));
        await AssertNothingRecordedAsync(api.Client, refused.Select(a => a.Id));
    }

    [OnBothDatabases]
    public async Task ChecksOfOneHost_StayWithinItsShare_WhileAnotherHostIsStillChecked()
    {
        var log = new RequestLog();
        await using var site = await SlowSiteAsync(log, IPAddress.Loopback);
        await using var other = await LoopbackServer.StartAsync(
            app => app.MapGet("/", () => Results.Content("<html><body><p>Otro sitio, sin demora.</p></body></html>", "text/html")),
            address: IPAddress.Parse("127.0.0.2"));
        await using var api = await StartApiAsync(maxConcurrency: 8, maxPerHost: 2);
        var ids = await AddAsync(api.Client, Enumerable.Range(0, 10).Select(n => site.Url($"/slow/{n}")));
        var otherId = (await AddAsync(api.Client, [other.Url("/")])).Single();

        var checks = CheckAllAtOnceAsync(api.Client, ids);
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(log.Count >= 2), TimeSpan.FromSeconds(10)), "no check reached the slow host");
        // The slow host has its two checks in flight; another host is not held up by them.
        var otherAnswer = await api.Client.PostAsync($"/api/citations/{otherId}/check", null);
        var answers = await checks;

        Assert.Equal(HttpStatusCode.OK, otherAnswer.StatusCode);
        Assert.True(log.PeakInFlight <= 2, $"{log.PeakInFlight} requests to one host at once");
        var refused = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
        Assert.InRange(answers.Length - refused.Count, 2, 4);
        Assert.All(refused, a =>
        {
            AssertRefused(a, "max_concurrency_per_host");
            Assert.Equal("127.0.0.1", a.Body.GetProperty("host").GetString());
            Assert.Contains("127.0.0.1", a.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        });
        await AssertNothingRecordedAsync(api.Client, refused.Select(a => a.Id));
    }

    [OnBothDatabases]
    public async Task CheckOfALargePage_WhileTheLargeBodyTurnIsTaken_IsRefusedWithNothingRecorded_AndRunsOnceItIsFree()
    {
        var page = "<html><body><main>" + string.Concat(Enumerable.Repeat("<p>Informe anual de la comisión, capítulo largo.</p>", 4000)) + "</main></body></html>";
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/large", () => Results.Content(page, "text/html; charset=utf-8")));
        await using var api = await StartApiAsync(maxConcurrency: 8, maxPerHost: 2, new Dictionary<string, string?>
        {
            ["Monitor:Fetch:LargeBodyBytes"] = (64 * 1024).ToString(CultureInfo.InvariantCulture),
            ["Monitor:Fetch:MaxLargeBodies"] = "1",
        });
        var id = (await AddAsync(api.Client, [site.Url("/large")])).Single();
        var turns = api.Factory.Services.GetRequiredService<LargeBodies>();

        var elsewhere = turns.ForOneFetch();
        Assert.True(elsewhere.TryEnter());
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var refused = await api.Client.PostAsync($"/api/citations/{id}/check", null);
        AssertRefused(new Answer(id, refused.StatusCode, refused.Headers.RetryAfter, await refused.ReadJsonAsync(), clock.Elapsed, refused.Content.Headers.ContentType?.MediaType), "max_large_bodies");
        await AssertNothingRecordedAsync(api.Client, [id]);
        elsewhere.Dispose();

        var checkedNow = await api.Client.PostAsync($"/api/citations/{id}/check", null);
        var check = await checkedNow.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, checkedNow.StatusCode);
        Assert.Equal("ok", check.GetProperty("status").GetString());
        Assert.Equal(1, turns.Free);
    }

    private sealed record Answer(long Id, HttpStatusCode Status, System.Net.Http.Headers.RetryConditionHeaderValue? RetryAfter, JsonElement Body, TimeSpan Elapsed, string? MediaType);

    private static void AssertRefused(Answer answer, string reason)
    {
        // The API's own rate limit (429) is raised out of the way here: what answers is the budget of checks.
        Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"citation {answer.Id}: {(int)answer.Status} {answer.Body}");
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.NotNull(answer.RetryAfter?.Delta);
        Assert.InRange(answer.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(503, answer.Body.GetProperty("status").GetInt32());
        Assert.Equal(reason, answer.Body.GetProperty("reason").GetString());
        var detail = answer.Body.GetProperty("detail").GetString()!;
        Assert.Contains($"Citation {answer.Id} was not checked", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("CitationMonitor.", detail, StringComparison.Ordinal);
    }

    /// <summary>A refused check leaves no trace: no check, and the citation can be checked again at once (no lease held).</summary>
    private static async Task AssertNothingRecordedAsync(HttpClient client, IEnumerable<long> ids)
    {
        foreach (var id in ids)
        {
            var citation = await (await client.GetAsync($"/api/citations/{id}")).ReadJsonAsync();
            Assert.Equal(0, citation.GetProperty("checkCount").GetInt32());
            var checks = await (await client.GetAsync($"/api/citations/{id}/checks")).ReadJsonAsync();
            Assert.Equal(0, checks.GetProperty("total").GetInt32());
        }
    }

    private static async Task<Answer[]> CheckAllAtOnceAsync(HttpClient client, IReadOnlyList<long> ids)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checks = ids.Select(id => Task.Run(async () =>
        {
            await go.Task;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await client.PostAsync($"/api/citations/{id}/check", null);
            var body = await response.ReadJsonAsync();
            return new Answer(id, response.StatusCode, response.Headers.RetryAfter, body, clock.Elapsed, response.Content.Headers.ContentType?.MediaType);
        })).ToList();
        go.SetResult();
        return await Task.WhenAll(checks);
    }

    private static async Task<List<long>> AddAsync(HttpClient client, IEnumerable<string> urls)
    {
        var ids = new List<long>();
        foreach (var url in urls)
        {
            var added = await client.PostJsonAsync("/api/citations", new { url });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            ids.Add((await added.ReadJsonAsync()).GetProperty("id").GetInt64());
        }

        return ids;
    }

    /// <summary>A site whose pages answer after <see cref="Slow"/>, counting the requests in flight.</summary>
    private static Task<LoopbackServer> SlowSiteAsync(RequestLog log, IPAddress address) =>
        LoopbackServer.StartAsync(app =>
        {
            log.Attach(app);
            app.MapGet("/slow/{n}", async (int n) =>
            {
                await Task.Delay(Slow);
                return Results.Content($"<html><body><main><p>Informe {n}, publicado con demora.</p></main></body></html>", "text/html");
            });
        }, address: address);

    /// <summary>The API on real Kestrel on loopback, scheduler off, with the given budget.</summary>
    private static Task<RunningApi> StartApiAsync(int maxConcurrency, int maxPerHost, IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Monitor:Worker:MaxConcurrency"] = maxConcurrency.ToString(CultureInfo.InvariantCulture),
            ["Monitor:Worker:MaxConcurrencyPerHost"] = maxPerHost.ToString(CultureInfo.InvariantCulture),
            // Requests are counted at the server: no extra request for the host probe.
            ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
            ["Monitor:Fetch:RetryAttempts"] = "0",
            ["Monitor:RateLimit:WritesPerMinute"] = "1000",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new MonitorApiFactory(settings);
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return Task.FromResult(new RunningApi(factory, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) }));
    }

    private sealed class RunningApi(MonitorApiFactory factory, HttpClient client) : IAsyncDisposable
    {
        public MonitorApiFactory Factory { get; } = factory;

        public HttpClient Client { get; } = client;

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
        }
    }
}
