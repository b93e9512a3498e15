using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Politeness;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

/// <summary>The fetch pipelines' events, written by Polly's telemetry into the host's logs, against real loopback servers.</summary>
public sealed class FetchPipelinesTests
{
    [Fact]
    public async Task ARetry_IsLogged_WithTheHostAndTheAnswerThatCausedIt()
    {
        var hits = 0;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/flaky", () =>
            Interlocked.Increment(ref hits) == 1 ? Results.StatusCode(503) : PageFetcherStatusTests.Html("De vuelta")));
        var logs = new LogRecorder();
        using var host = FetcherHost.Create(logs: logs);

        var result = await host.FetchAsync(server.Url("/flaky"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(2, result.Attempts);
        // The retry is the one thing Polly says at Information or above: each execution and attempt is Debug.
        var retry = Assert.Single(logs.Events, e => e.Category == "Polly" && e.Level >= LogLevel.Information);
        Assert.Equal("OnRetry", retry.Values["EventName"]);
        Assert.Equal(LogLevel.Information, retry.Level);
        Assert.Equal("fetch-retries", retry.Values["PipelineName"]);
        Assert.Equal("127.0.0.1", retry.Values["OperationKey"]);
        Assert.Equal("HTTP 503 Service Unavailable", retry.Values["Result"]);
    }

    [Fact]
    public async Task AHostsCircuitOpening_IsLogged_WithTheHost()
    {
        using var refusing = RefusingPort.Open();
        var url = $"http://127.0.0.1:{refusing.Port}/page";
        var logs = new LogRecorder();
        using var host = FetcherHost.Create(options => options.HostBreakAfterFailures = 2, logs: logs);

        Assert.Equal(CheckStatus.ConnectionError, (await host.FetchAsync(url)).Status);
        Assert.DoesNotContain(Polly(logs), e => e.Values["EventName"] == "OnCircuitOpened");
        Assert.Equal(CheckStatus.ConnectionError, (await host.FetchAsync(url)).Status);
        var paused = await Assert.ThrowsAsync<HostPausedException>(() => host.FetchAsync(url));

        Assert.Equal(CheckReasons.CircuitOpen, paused.Reason);
        var opened = Assert.Single(Polly(logs), e => e.Values["EventName"] == "OnCircuitOpened");
        Assert.Equal(LogLevel.Information, opened.Level);
        Assert.Equal("host-circuit", opened.Values["PipelineName"]);
        Assert.Equal("127.0.0.1", opened.Values["PipelineInstance"]);
        Assert.Contains(logs.Events, e => e.Category == typeof(HostCircuits).FullName && e.Message.Contains("127.0.0.1 keeps failing", StringComparison.Ordinal));
    }

    /// <summary>Polly's resilience events (retries, circuits), without its per-attempt and per-execution ones.</summary>
    private static List<RecordedLog> Polly(LogRecorder logs) =>
        logs.Events.Where(e => e.Category == "Polly" && e.Values.ContainsKey("EventName")).ToList();
}
