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

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task HealthProbes_AreNeverLimited(string probe)
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(probe)).StatusCode);
        }

        // The probes did not use up the client's window either.
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/citations")).StatusCode);
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

/// <summary>
/// Writes that fail authentication count in a window of their own: a keyless client behind a shared address cannot
/// use up the writes of the key holders at that address.
/// </summary>
public sealed class FailedKeyRateLimitTests() : ApiTest(new Dictionary<string, string?>
{
    ["Monitor:ApiKeys:0"] = "key-of-the-documentation-centre",
    ["Monitor:RateLimit:WritesPerMinute"] = "3",
    ["Monitor:RateLimit:RequestsPerMinute"] = "100",
})
{
    private const string SharedAddress = "203.0.113.40";

    [Fact]
    public async Task AFloodOfFailedKeys_DoesNotStopAValidKeyFromTheSameAddress()
    {
        var refused = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            refused.Add((await WriteAsync($"https://www.gob.mx/flood/{i}", key: i % 2 == 0 ? "guessed-key-" + i : null)).StatusCode);
        }

        // The flood is refused for its key, then limited in its own window.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], refused.Take(3));
        Assert.All(refused.Skip(3), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));

        // The key holder at the same address still has the whole of its own.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await WriteAsync($"https://www.gob.mx/informe/{i}", "key-of-the-documentation-centre")).StatusCode);
        }

        var beyond = await WriteAsync("https://www.gob.mx/informe/4", "key-of-the-documentation-centre");
        await ProblemAssert.IsProblemAsync(beyond, HttpStatusCode.TooManyRequests);
        Assert.True(beyond.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // And the flood is still held back.
        await ProblemAssert.IsProblemAsync(await WriteAsync("https://www.gob.mx/flood/again", "guessed-key"), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task ValidWrites_DoNotOpenTheWindowOfFailedOnes()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await WriteAsync($"https://www.gob.mx/informe/{i}", "key-of-the-documentation-centre")).StatusCode);
        }

        // A failed key is still told it failed (401), not that the valid writes used up the window.
        await ProblemAssert.IsProblemAsync(await WriteAsync("https://www.gob.mx/informe/x", "guessed-key"), HttpStatusCode.Unauthorized);
    }

    private async Task<HttpResponseMessage> WriteAsync(string url, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/citations")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { url }),
        };
        request.Headers.Add(MonitorApiFactory.ClientAddressHeader, SharedAddress);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await Client.SendAsync(request);
    }
}
