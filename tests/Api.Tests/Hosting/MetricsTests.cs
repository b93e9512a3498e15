using System.Net;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>
/// <c>GET /metrics</c> scraped as Prometheus scrapes it, read by Prometheus's own parser: the counters move as checks
/// happen, Polly's events carry no host, hosts are a bounded few, and only this machine or a key may scrape.
/// </summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private int _served;
    private LoopbackServer _site = null!;

    public async Task InitializeAsync() =>
        _site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/ok", () => Results.Content("<html><body><p>Comunicado.</p></body></html>", "text/html"));
            // The first answer a failure Polly retries, the second the page.
            app.MapGet("/flaky", () => Interlocked.Increment(ref _served) == 1
                ? Results.StatusCode(503)
                : Results.Content("<html><body><p>De vuelta.</p></body></html>", "text/html"));
            app.MapGet("/gone", () => Results.StatusCode(404));
        });

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task Metrics_ParseAsPrometheusText_AndCountTheChecksAsTheyHappen()
    {
        await using var factory = new MonitorApiFactory(new Dictionary<string, string?> { ["Monitor:Fetch:RetryAttempts"] = "1" });
        using var client = factory.CreateClient();
        var ok = await AddAsync(client, _site.Url("/ok"));
        var flaky = await AddAsync(client, _site.Url("/flaky"));
        var gone = await AddAsync(client, _site.Url("/gone"));
        var before = await ScrapeAsync(client);

        foreach (var id in new[] { ok, flaky, gone, ok })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/citations/{id}/check", null)).StatusCode);
        }

        var after = await ScrapeAsync(client);

        // At least these: the counters are the process's, and other tests may check meanwhile.
        Assert.True(Checks(after, "ok") - Checks(before, "ok") >= 3, $"ok checks counted {Checks(before, "ok")}, then {Checks(after, "ok")}");
        Assert.True(Checks(after, "not_found") - Checks(before, "not_found") >= 1, "the 404 was not counted");
        var durations = Family(after, "monitor_check_duration_seconds");
        Assert.Equal("histogram", durations.Type);
        Assert.Contains(durations.Samples, s => s.Name == "monitor_check_duration_seconds_count" && s.Labels["status"] == "ok" && s.Value >= 3);

        // Polly's retry of /flaky is there, without the host it retried.
        var polly = Family(after, "resilience_polly_strategy_events");
        Assert.Contains(polly.Samples, s => s.Labels.GetValueOrDefault("event_name") == "OnRetry");
        Assert.All(polly.Samples, s => Assert.False(s.Labels.ContainsKey("pipeline_instance") || s.Labels.ContainsKey("operation_key"), string.Join(",", s.Labels.Keys)));

        // Hosts by name: a bounded few (the process's first ten, then the others together).
        var hosts = Family(after, "monitor_checks_by_host").Samples.Select(s => s.Labels["host"]).Distinct().ToList();
        Assert.Contains("127.0.0.1", hosts);
        Assert.InRange(hosts.Count, 1, 11);

        // The database's gauges, sampled in the background.
        Assert.Contains(after, f => f.Name == "monitor_webhooks_outbox");
    }

    [Fact]
    public async Task Metrics_FromAnotherMachine_NeedAKey()
    {
        await using var factory = new MonitorApiFactory(new Dictionary<string, string?> { ["Monitor:ApiKeys:0"] = "scrape-key" });
        using var client = factory.CreateClient();

        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        anonymous.Headers.Add(MonitorApiFactory.ClientAddressHeader, "203.0.113.9");
        var refused = await client.SendAsync(anonymous);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized);

        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        keyed.Headers.Add(MonitorApiFactory.ClientAddressHeader, "203.0.113.9");
        keyed.Headers.Add("X-Api-Key", "scrape-key");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(keyed)).StatusCode);

        // On this machine no key is needed, even where keys are configured.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        Assert.DoesNotContain("/metrics", await client.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiProcess_ServesTheHttpServersOwnMetrics()
    {
        // A process of its own: the HTTP server's meters are the host's, and this test process runs many hosts at once.
        using var folder = new TestFolder();
        await using var api = ApiProcess.Start($"--Monitor:DatabasePath={folder.DatabasePath}", "--Monitor:SeedDefaultCitations=false", "--Monitor:Worker:Enabled=false");
        Assert.True(await api.WaitStartedAsync(TimeSpan.FromSeconds(60)), "the API did not start:\n" + api.Output);
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/citations")).StatusCode);

        var families = await ScrapeAsync(client);

        Assert.Contains(Family(families, "http_server_request_duration_seconds").Samples, s => s.Labels.GetValueOrDefault("http_route")?.StartsWith("/api/citations", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task TheWorker_ServesTheSameMetrics_OnMetricsUrls()
    {
        using var folder = new TestFolder();
        await using var worker = ApiProcess.StartWorker(
            $"--Monitor:DatabasePath={folder.DatabasePath}", "--Monitor:SeedDefaultCitations=false", "--Monitor:Worker:MetricsUrls=http://127.0.0.1:0");
        Assert.True(await worker.WaitStartedAsync(TimeSpan.FromSeconds(60)), "the worker did not start:\n" + worker.Output);
        Assert.NotNull(worker.BaseAddress);
        using var client = new HttpClient { BaseAddress = worker.BaseAddress };

        var families = await ScrapeAsync(client);

        // Its sampler has read the database: the gauges are there, as on the API.
        Assert.Contains(families, f => f.Name == "monitor_due_backlog");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/citations")).StatusCode);
    }

    private static async Task<long> AddAsync(HttpClient client, string url)
    {
        var response = await client.PostJsonAsync("/api/citations", new { url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    private static async Task<IReadOnlyList<PrometheusFamily>> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await PrometheusText.ParseAsync(await response.Content.ReadAsStringAsync());
    }

    private static PrometheusFamily Family(IReadOnlyList<PrometheusFamily> families, string name) =>
        families.SingleOrDefault(f => f.Name == name) ?? throw new Xunit.Sdk.XunitException($"no {name} among {string.Join(", ", families.Select(f => f.Name))}");

    /// <summary>Checks counted with <paramref name="status"/> (0 before the first).</summary>
    private static double Checks(IReadOnlyList<PrometheusFamily> families, string status) =>
        families.SingleOrDefault(f => f.Name == "monitor_checks")?.Samples.Where(s => s.Name == "monitor_checks_total" && s.Labels["status"] == status).Sum(s => s.Value) ?? 0;
}
