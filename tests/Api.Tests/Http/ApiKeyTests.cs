using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Http;

public sealed class ApiKeyTests() : ApiTest(new Dictionary<string, string?>
{
    ["Monitor:ApiKeys:0"] = "first-key-for-tests",
    ["Monitor:ApiKeys:1"] = "second-key-for-tests",
})
{
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
    public async Task WriteWithoutKey_IsRefusedBeforeTheBodyIsValidated()
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        await ProblemAssert.IsProblemAsync(await Client.PostAsync("/api/documents", content), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ReadsNeedNoKey() =>
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/citations")).StatusCode);

    [Fact]
    public async Task TheAudit_NamesTheKeyByItsPlaceInTheConfiguration_NeverTheKey()
    {
        var id = (await (await SendAsync("/api/citations", "first-key-for-tests")).ReadJsonAsync()).GetProperty("id").GetInt64();
        await EditAsync(HttpMethod.Patch, $"/api/citations/{id}", "second-key-for-tests", new { paused = true, labels = new[] { "urgent" } });
        await EditAsync(HttpMethod.Delete, $"/api/citations/{id}", "first-key-for-tests", null);
        await EditAsync(HttpMethod.Patch, $"/api/citations/{id}", "second-key-for-tests", new { retired = false });

        var audit = await Client.GetStringAsync($"/api/citations/{id}/audit");
        var entries = System.Text.Json.JsonDocument.Parse(audit).RootElement.GetProperty("items").EnumerateArray()
            .Select(a => (a.GetProperty("field").GetString(), a.GetProperty("keyName").GetString())).Reverse();
        Assert.Equal(
            [("paused", "Monitor:ApiKeys:1"), ("labels", "Monitor:ApiKeys:1"), ("retired", "Monitor:ApiKeys:0"), ("retired", "Monitor:ApiKeys:1")],
            entries);
        Assert.DoesNotContain("key-for-tests", audit, StringComparison.Ordinal);
    }

    private async Task EditAsync(HttpMethod method, string url, string key, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", key);
        var response = await Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {url} answered {(int)response.StatusCode}");
    }

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

        return await Client.SendAsync(request);
    }
}

public sealed class LocalOnlyWritesTests : ApiTest
{
    [Fact]
    public async Task WithoutConfiguredKeys_LoopbackClientMayWrite() =>
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/citations", new { url = "https://example.org/x" })).StatusCode);

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("192.168.1.20")]
    [InlineData("2001:db8::1")]
    public async Task WithoutConfiguredKeys_RemoteClientIsUnauthorized(string address)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/citations")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { url = "https://example.org/x" }),
        };
        request.Headers.Add(MonitorApiFactory.ClientAddressHeader, address);

        await ProblemAssert.IsProblemAsync(await Client.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WithoutConfiguredKeys_RemoteClientMayStillRead()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/citations");
        request.Headers.Add(MonitorApiFactory.ClientAddressHeader, "203.0.113.7");

        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(request)).StatusCode);
    }
}
