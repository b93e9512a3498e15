using System.Net;
using CitationMonitor.Api.Changes;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Http;

public sealed class SecurityHeadersTests : SiteApiTest
{
    [Theory]
    [InlineData("GET", "/api/citations", HttpStatusCode.OK)]
    [InlineData("GET", "/api/summary", HttpStatusCode.OK)]
    [InlineData("GET", "/healthz", HttpStatusCode.OK)]
    [InlineData("GET", "/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("GET", "/api/citations/999", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/citations?page=0", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/citations", HttpStatusCode.Unauthorized)]
    [InlineData("DELETE", "/api/citations", HttpStatusCode.MethodNotAllowed)]
    public async Task EveryAnswer_ErrorsIncluded_CarriesTheSecurityHeaders(string method, string url, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        // A client elsewhere: writes are refused without a key.
        request.Headers.Add(MonitorApiFactory.ClientAddressHeader, "203.0.113.7");

        var response = await Client.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        AssertHardened(response, SecurityHeaders.ApiContentSecurityPolicy);
    }

    [Fact]
    public async Task PagesThatServeArchivedBytes_KeepTheirOwnPolicy()
    {
        var id = (await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/press/statement") })).ReadJsonAsync())
            .GetProperty("id").GetInt64();
        await CheckAsync(id);
        Site.Article = "The commission recorded fifty cases of arbitrary detention in January.";
        var check = await CheckAsync(id);
        var changeId = (await (await Client.GetAsync($"/api/citations/{id}/changes")).ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetInt64();

        var raw = await Client.GetAsync($"/api/snapshots/{check.GetProperty("snapshotId").GetInt64()}/raw");
        var diff = await Client.GetAsync($"/api/changes/{changeId}/diff.html");

        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        AssertHardened(raw, "sandbox; default-src 'none'");
        Assert.Equal(HttpStatusCode.OK, diff.StatusCode);
        AssertHardened(diff, DiffPage.ContentSecurityPolicy);
    }

    [Fact]
    public async Task ApiReferencePage_StillRunsItsScripts()
    {
        var response = await Client.GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
    }

    private async Task<System.Text.Json.JsonElement> CheckAsync(long id) =>
        await (await Client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();

    private static void AssertHardened(HttpResponseMessage response, string contentSecurityPolicy)
    {
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Single(response, "Referrer-Policy"));
        Assert.Equal("same-origin", Single(response, "Cross-Origin-Resource-Policy"));
        Assert.Equal(contentSecurityPolicy, Single(response, "Content-Security-Policy"));
    }

    private static string Single(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : []);
}
