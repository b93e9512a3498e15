using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Http;

public sealed class RateLimitTests() : ApiTest(new Dictionary<string, string?>
{
    ["Monitor:RateLimit:RequestsPerMinute"] = "3",
    ["Monitor:RateLimit:WritesPerMinute"] = "2",
})
{
    [Fact]
    public async Task ReadsOverTheLimit_AreTooManyRequestsWithRetryAfter()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/citations")).StatusCode);
        }

        var refused = await Client.GetAsync("/api/citations");

        await ProblemAssert.IsProblemAsync(refused, (HttpStatusCode)429);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task WritesHaveTheirOwnTighterLimit()
    {
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/citations", new { url = "https://example.org/1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/citations", new { url = "https://example.org/2" })).StatusCode);

        await ProblemAssert.IsProblemAsync(await Client.PostJsonAsync("/api/citations", new { url = "https://example.org/3" }), (HttpStatusCode)429);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/citations")).StatusCode);
    }

    [Fact]
    public async Task HealthProbes_AreNeverLimited()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/healthz")).StatusCode);
        }
    }

    [Fact]
    public async Task EachClientHasItsOwnWindow()
    {
        for (var i = 0; i < 3; i++)
        {
            await Client.GetAsync("/api/citations");
        }

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/citations");
        other.Headers.Add(MonitorApiFactory.ClientAddressHeader, "203.0.113.9");

        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(other)).StatusCode);
    }
}
