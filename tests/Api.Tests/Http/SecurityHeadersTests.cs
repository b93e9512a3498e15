using System.Net;
using System.Text.RegularExpressions;
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
    public async Task ApiReferencePage_HasAPolicyThatAllowsWhatThePageLoadsAndNothingMore()
    {
        var page = new Uri(Client.BaseAddress!, "/scalar/v1");
        var response = await Client.GetAsync(page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        var policy = Directives(Single(response, "Content-Security-Policy"));
        Assert.Equal(["'none'"], policy["default-src"]);
        Assert.Equal(["'none'"], policy["frame-ancestors"]);
        Assert.Equal(["'none'"], policy["base-uri"]);
        Assert.Equal(["'none'"], policy["form-action"]);
        // Nothing from another origin, no eval anywhere, and no inline script but the page's own, by its nonce.
        Assert.All(policy.Values.SelectMany(sources => sources), source => Assert.True(source.StartsWith('\'') || source == "data:", source));
        Assert.DoesNotContain(policy.Values.SelectMany(sources => sources), source => source is "'unsafe-eval'" or "'strict-dynamic'");
        Assert.DoesNotContain("'unsafe-inline'", policy["script-src"]);
        Assert.Contains("'self'", policy["script-src"]);
        var nonce = Assert.Single(policy["script-src"], source => source.StartsWith("'nonce-", StringComparison.Ordinal))["'nonce-".Length..^1];

        // Every script of the page carries the nonce; those it loads, and those its module imports, are on this origin.
        var html = await response.Content.ReadAsStringAsync();
        var scripts = Regex.Matches(html, @"<script\b([^>]*)>(.*?)</script>", RegexOptions.Singleline);
        Assert.True(scripts.Count >= 2, html);
        var loaded = new List<string>();
        foreach (Match script in scripts)
        {
            Assert.Equal(nonce, Regex.Match(script.Groups[1].Value, "nonce=\"([^\"]*)\"").Groups[1].Value);
            loaded.AddRange(Regex.Matches(script.Groups[1].Value, "src=\"([^\"]*)\"").Select(m => m.Groups[1].Value));
            loaded.AddRange(Regex.Matches(script.Groups[2].Value, @"from\s+'([^']*)'").Select(m => m.Groups[1].Value));
        }

        Assert.NotEmpty(loaded);
        foreach (var src in loaded)
        {
            var url = new Uri(page, src);
            Assert.Equal(page.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
            var script = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            // Allowed without 'unsafe-eval': the bundle compiles no code at run time.
            var code = await script.Content.ReadAsStringAsync();
            Assert.DoesNotContain("eval(", code, StringComparison.Ordinal);
            Assert.DoesNotContain("new Function(", code, StringComparison.Ordinal);
        }

        // The OpenAPI document it fetches (connect-src 'self') and its icon (img-src 'self') are on this origin too.
        Assert.Contains("'self'", policy["connect-src"]);
        Assert.Contains("'self'", policy["img-src"]);
        // (scalar.aspnetcore.js resolves the document's URL against the application's base, the icon is the page's.)
        foreach (var (field, type, against) in new[] { ("url", "application/json", new Uri(page, "/")), ("favicon", "image/svg+xml", page) })
        {
            var src = Regex.Match(html, $"\"{field}\":\"([^\"]*)\"").Groups[1].Value;
            var url = new Uri(against, src);
            Assert.Equal(page.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority));
            var answer = await Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(type, answer.Content.Headers.ContentType?.MediaType);
        }

        // The services it would reach elsewhere (web fonts, telemetry, its AI agent) are switched off, not allowed.
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiReferencePage_HasANewNonceEachTimeAndIsNeverCached()
    {
        var first = await Client.GetAsync("/scalar/v1");
        var second = await Client.GetAsync("/scalar/v1");
        using var headRequest = new HttpRequestMessage(HttpMethod.Head, "/scalar/v1");
        var head = await Client.SendAsync(headRequest);

        Assert.NotEqual(Single(first, "Content-Security-Policy"), Single(second, "Content-Security-Policy"));
        Assert.True(first.Headers.CacheControl?.NoStore);
        Assert.StartsWith("default-src 'none'; script-src 'self' 'nonce-", Single(head, "Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiReferenceAssets_HaveTheApiPolicy()
    {
        var script = await Client.GetAsync("/scalar/scalar.js");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        AssertHardened(script, SecurityHeaders.ApiContentSecurityPolicy);
    }

    private static Dictionary<string, string[]> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => parts[1..]);

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
