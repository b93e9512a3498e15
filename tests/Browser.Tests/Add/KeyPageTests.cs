using System.Text.RegularExpressions;
using CitationMonitor.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CitationMonitor.Browser.Tests.Add;

/// <summary>
/// With an API key configured, the add page asks for it once: a link to the key page, a wrong key refused with a page
/// saying so, the right one kept as an HttpOnly, SameSite=Strict session cookie, and back on the add page, its forms write.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyPageTests(BrowserFixture browser, ITestOutputHelper output)
    : BrowserTest(browser, output, new Dictionary<string, string?> { ["Monitor:ApiKeys:0"] = Key })
{
    private const string Key = "browser-key-for-pages";

    [Fact]
    public async Task TheAddPage_AsksForTheKeyOnce_ThenItsFormsWrite()
    {
        await OpenAsync("/add");
        var notice = Page.Locator("main p.notice-key");
        await Expect(notice).ToContainTextAsync("Adding needs one of this monitor's API keys.");
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "add-page-asks-for-a-key");

        await notice.GetByRole(AriaRole.Link, new() { Name = "Give your key" }).ClickAsync();
        await ArriveAtAsync(new Regex(@"/key\?returnUrl=/add$"));
        await Page.GetByLabel("API key").FillAsync("not-the-key");
        var refused = Page.WaitForResponseAsync(r => r.Url.EndsWith("/key", StringComparison.Ordinal));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        Assert.Equal(401, (await refused).Status);
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("That key is not one of this monitor's keys. Nothing was changed.");
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "key-page-wrong-key");

        await Page.GetByLabel("API key").FillAsync(Key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await ArriveAtAsync(new Regex(@"^[^?]*/add$"));
        await Expect(Page.Locator("main p.notice-key")).ToHaveCountAsync(0);
        var session = Assert.Single(await Context.CookiesAsync(), c => c.Name == "monitor-session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.Equal(-1, session.Expires);

        await Page.GetByLabel("URL", new() { Exact = true }).FillAsync("http://127.0.0.1:9/kept-by-key");
        await Page.GetByLabel("Passage quoted from it").FillAsync("a passage");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Watch this URL" }).ClickAsync();
        await ArriveAtAsync(new Regex(@"/citations/\d+$"));
        var audit = await Client.GetStringAsync($"/api/citations/{Page.Url.Split('/')[^1]}/audit");
        Assert.Contains("\"keyName\":\"Monitor:ApiKeys:0\"", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, audit, StringComparison.Ordinal);
    }
}
