using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>
/// With API keys configured, the pages ask for one once (<c>/key</c>) and keep who it is in a session cookie
/// (HttpOnly, SameSite=Strict) that lets the pages' own forms write, audited under the key's name, and nothing else:
/// the JSON API still wants <c>X-Api-Key</c>.
/// </summary>
public sealed class KeyPagesTests() : ApiTest(new Dictionary<string, string?>
{
    ["Monitor:ApiKeys:0"] = "first-key-for-pages",
    ["Monitor:ApiKeys:1"] = "second-key-for-pages",
})
{
    private const string Url = "https://example.org/report";

    [Fact]
    public async Task AFormPostWithoutASession_ShowsTheKeyPage_401_AndNothingIsStored()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        var token = await browser.TokenFromAsync("/add");

        using var response = await browser.PostFormAsync("/add/url", ("__token", token), ("url", Url));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var page = await PageSession.PageOf(response);
        Assert.Equal("Your API key", Html.One(page.DocumentNode, "//h1").InnerText);
        Assert.Contains("only with one of its API keys", Html.One(page.DocumentNode, "//*[@role='alert']").InnerText, StringComparison.Ordinal);
        Assert.Equal("/add", Html.One(page.DocumentNode, "//form[@action='/key']//input[@name='returnUrl']").GetAttributeValue("value", ""));
        Assert.Equal("password", Html.One(page.DocumentNode, "//input[@name='key']").GetAttributeValue("type", ""));
        Assert.Equal(0, await CitationCountAsync());
    }

    [Fact]
    public async Task TheAddPage_WithoutASession_LinksToTheKeyPage_AndWithOne_DoesNot()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));

        var before = await browser.GetPageAsync("/add");
        Assert.Single(Html.All(before.DocumentNode, "//main//a[@href='/key?returnUrl=/add']"));

        await SignInAsync(browser, "second-key-for-pages");
        var after = await browser.GetPageAsync("/add");
        Assert.Empty(Html.All(after.DocumentNode, "//main//a[starts-with(@href, '/key')]"));
        Assert.Single(Html.All(after.DocumentNode, "//footer//form[@action='/key/forget']"));
    }

    [Fact]
    public async Task AWrongKey_ShowsTheKeyPageSayingSo_401_AndGivesNoSession()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        var token = await browser.TokenFromAsync("/key?returnUrl=/add");

        using var response = await browser.PostFormAsync("/key", ("__token", token), ("key", "first-key-for-page"), ("returnUrl", "/add"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var page = await PageSession.PageOf(response);
        Assert.Contains("not one of this monitor", HtmlAgilityPack.HtmlEntity.DeEntitize(Html.One(page.DocumentNode, "//*[@role='alert']").InnerText), StringComparison.Ordinal);
        Assert.DoesNotContain("monitor-session", browser.Cookies.Keys);
        Assert.Equal("/add", Html.One(page.DocumentNode, "//input[@name='returnUrl']").GetAttributeValue("value", ""));
    }

    [Fact]
    public async Task TheRightKey_GivesAnHttpOnlySameSiteStrictSessionCookie_AndGoesBack()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        var token = await browser.TokenFromAsync("/key?returnUrl=/add");

        using var response = await browser.PostFormAsync("/key", ("__token", token), ("key", "first-key-for-pages"), ("returnUrl", "/add"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/add", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(browser.LastSetCookies, c => c.StartsWith("monitor-session=", StringComparison.Ordinal));
        var flags = cookie.Split(';').Skip(1).Select(f => f.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", flags);
        Assert.Contains("samesite=strict", flags);
        Assert.Contains("path=/", flags);
        Assert.DoesNotContain(flags, f => f.StartsWith("expires=", StringComparison.Ordinal) || f.StartsWith("max-age=", StringComparison.Ordinal));
        Assert.DoesNotContain("first-key-for-pages", cookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    public async Task TheWayBack_IsAlwaysThisSite(string returnUrl)
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        var token = await browser.TokenFromAsync("/key");

        using var response = await browser.PostFormAsync("/key", ("__token", token), ("key", "first-key-for-pages"), ("returnUrl", returnUrl));

        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task WithASession_TheFormsWrite_AndTheAuditNamesTheKeyByItsPlace()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        await SignInAsync(browser, "first-key-for-pages");
        var token = await browser.TokenFromAsync("/add");

        var location = PageSession.SeeOther(await browser.PostFormAsync("/add/url", ("__token", token), ("url", Url), ("quote", "the cited passage")));

        var id = long.Parse(location["/citations/".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var audit = await Client.GetStringAsync($"/api/citations/{id}/audit");
        var entry = Assert.Single(System.Text.Json.JsonDocument.Parse(audit).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("quote", entry.GetProperty("field").GetString());
        Assert.Equal("Monitor:ApiKeys:0", entry.GetProperty("keyName").GetString());
        Assert.DoesNotContain("key-for-pages", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageAnsweringAPost_CarriesATokenItsNextPostPasses()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        await SignInAsync(browser, "first-key-for-pages");
        var token = await browser.TokenFromAsync("/add");
        using var refused = await browser.PostFormAsync("/add/url", ("__token", token), ("url", "not a url"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var again = PageSession.TokenOf(await PageSession.PageOf(refused));

        PageSession.SeeOther(await browser.PostFormAsync("/add/url", ("__token", again), ("url", Url)));
        Assert.Equal(1, await CitationCountAsync());
    }

    [Fact]
    public async Task TheSessionCookie_DoesNotAuthenticateTheJsonApi()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        await SignInAsync(browser, "first-key-for-pages");

        using var write = new HttpRequestMessage(HttpMethod.Post, "/api/citations") { Content = System.Net.Http.Json.JsonContent.Create(new { url = Url }) };
        using var response = await browser.SendAsync(write);
        using var check = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/citations/1/check"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(check, HttpStatusCode.Unauthorized);
        Assert.Equal(0, await CitationCountAsync());
    }

    [Fact]
    public async Task ForgettingTheKey_EndsTheSession()
    {
        var browser = new PageSession(PageSession.ClientFor(Factory));
        await SignInAsync(browser, "first-key-for-pages");
        var token = await browser.TokenFromAsync("/add");

        using var forgotten = await browser.PostFormAsync("/key/forget", ("__token", token));
        Assert.Equal(HttpStatusCode.Redirect, forgotten.StatusCode);
        Assert.DoesNotContain("monitor-session", browser.Cookies.Keys);

        using var response = await browser.PostFormAsync("/add/url", ("__token", await browser.TokenFromAsync("/add")), ("url", Url));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task SignInAsync(PageSession browser, string key)
    {
        var token = await browser.TokenFromAsync("/key");
        using var response = await browser.PostFormAsync("/key", ("__token", token), ("key", key), ("returnUrl", "/add"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("monitor-session", browser.Cookies.Keys);
    }

    private async Task<int> CitationCountAsync() =>
        (await (await Client.GetAsync("/api/citations")).ReadJsonAsync()).GetProperty("total").GetInt32();
}
