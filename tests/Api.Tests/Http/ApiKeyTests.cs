using System.Net;
using CitationMonitor.Api.Tests.Support;

namespace CitationMonitor.Api.Tests.Http;

public sealed class ApiKeyTests : IAsyncLifetime
{
    private readonly MonitorApiFactory _factory = new(new Dictionary<string, string?>
    {
        ["Monitor:ApiKeys:0"] = "first-key-for-tests",
        ["Monitor:ApiKeys:1"] = "second-key-for-tests",
    });

    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/api/documents")]
    [InlineData("/api/citations")]
    [InlineData("/api/citations/1/check")]
    public async Task WriteWithoutKey_IsUnauthorizedProblem(string url) =>
        await ProblemAssert.IsProblemAsync(await SendAsync(url, key: null), HttpStatusCode.Unauthorized);

    [Fact]
    public async Task WriteWithWrongKey_IsUnauthorizedProblem() =>
        await ProblemAssert.IsProblemAsync(await SendAsync("/api/citations", "first-key-for-test"), HttpStatusCode.Unauthorized);

    [Theory]
    [InlineData("first-key-for-tests")]
    [InlineData("second-key-for-tests")]
    public async Task WriteWithAnyConfiguredKey_IsAccepted(string key) =>
        Assert.Equal(HttpStatusCode.Created, (await SendAsync("/api/citations", key)).StatusCode);

    [Fact]
    public async Task ReadsNeedNoKey() =>
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/api/citations")).StatusCode);

    private async Task<HttpResponseMessage> SendAsync(string url, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = url.EndsWith("/check", StringComparison.Ordinal)
                ? null
                : System.Net.Http.Json.JsonContent.Create(new { url = "https://example.org/x", title = "t", text = "https://example.org/x" }),
        };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await _client.SendAsync(request);
    }
}
