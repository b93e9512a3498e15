using System.Net;
using CitationMonitor.Api.Tests.Support;

namespace CitationMonitor.Api.Tests.Http;

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly MonitorApiFactory _factory = new(new Dictionary<string, string?>
    {
        ["Monitor:RateLimit:RequestsPerMinute"] = "3",
        ["Monitor:RateLimit:WritesPerMinute"] = "2",
    });

    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ReadsOverTheLimit_AreTooManyRequestsWithRetryAfter()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/citations")).StatusCode);
        }

        var refused = await _client.GetAsync("/api/citations");

        await ProblemAssert.IsProblemAsync(refused, (HttpStatusCode)429);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task WritesHaveTheirOwnTighterLimit()
    {
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync("/api/citations", new { url = "https://example.org/1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _client.PostJsonAsync("/api/citations", new { url = "https://example.org/2" })).StatusCode);

        await ProblemAssert.IsProblemAsync(await _client.PostJsonAsync("/api/citations", new { url = "https://example.org/3" }), (HttpStatusCode)429);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/citations")).StatusCode);
    }

    [Fact]
    public async Task HealthProbes_AreNeverLimited()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/healthz")).StatusCode);
        }
    }

    [Fact]
    public async Task EachClientHasItsOwnWindow()
    {
        for (var i = 0; i < 3; i++)
        {
            await _client.GetAsync("/api/citations");
        }

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/citations");
        other.Headers.Add(MonitorApiFactory.ClientAddressHeader, "203.0.113.9");

        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(other)).StatusCode);
    }
}
