using CitationMonitor.Browser.Tests.Support;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CitationMonitor.Browser.Tests.Documents;

/// <summary>
/// The home page, the documents list and a document's report in a browser, over a monitor that really checked a small
/// loopback site (a page that holds, one that is gone, one edited between two checks): what a person sees, in English
/// and in Spanish, with nothing for axe to object to and nothing run that the policy forbids.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DocumentPagesTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    private LoopbackServer _site = null!;
    private string _bulletin = "Forty cases were recorded in January.";
    private long _documentId;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/decree", () => Results.Content(Html("Decree 12", "The decree stays in force until further notice."), "text/html; charset=utf-8"));
            app.MapGet("/removed", () => Results.NotFound());
            app.MapGet("/bulletin", () => Results.Content(Html("Bulletin", _bulletin), "text/html; charset=utf-8"));
        });

        var text = $"""
            The decree ({_site.Url("/decree")}) is in force.

            The old release ({_site.Url("/removed")}) was taken down.

            The bulletin says "Forty cases were recorded in January" ({_site.Url("/bulletin")}).
            """;
        var document = await (await Client.PostJsonAsync("/api/documents", new { title = "Report on detention", text })).ReadJsonAsync();
        _documentId = document.GetProperty("id").GetInt64();
        foreach (var citation in document.GetProperty("citations").EnumerateArray())
        {
            await CheckAsync(citation.GetProperty("id").GetInt64());
        }

        _bulletin = "Fifty-two cases were recorded in January.";
        await CheckAsync(document.GetProperty("citations")[2].GetProperty("id").GetInt64());
    }

    public override async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task FromHome_ToTheDocuments_ToTheReport_APersonSeesEachSourceAndWhy()
    {
        await OpenAsync("/");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sources at a glance");
        var attention = Page.Locator("section[aria-labelledby=attention] table tbody tr");
        await Expect(attention.Filter(new() { HasText = "/removed" })).ToContainTextAsync("Failing, not yet broken");
        await Expect(attention.Filter(new() { HasText = "/bulletin" })).ToContainTextAsync("Changed in the last 7 days");
        var recent = Page.Locator("section[aria-labelledby=recent] tbody tr");
        await Expect(recent.Filter(new() { HasText = "Passage altered" })).ToContainTextAsync("/bulletin");
        await Expect(recent.Filter(new() { HasText = "Text" })).ToContainTextAsync("+1 −1 words");
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "home");

        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Documents" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Uri(MonitorUri, "/documents").AbsoluteUri);
        var row = Page.Locator("table.data tbody tr").Filter(new() { HasText = "Report on detention" });
        await Expect(row.Locator("svg[role=img]")).ToHaveAttributeAsync("aria-label", "1 Degraded, 2 Healthy");
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "documents");

        await row.GetByRole(AriaRole.Link, new() { Name = "Report on detention" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Report on detention");
        var sources = Page.Locator("table.report tbody tr");
        await Expect(sources).ToHaveCountAsync(3);
        await Expect(sources.Nth(1)).ToContainTextAsync("Not found (404)");
        await Expect(sources.Nth(1)).ToContainTextAsync("The last check failed: the server answers 404 Not Found.");
        await Expect(sources.Nth(2)).ToContainTextAsync("Passage altered");
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "document-report");

        // The health filter submits itself when chosen (a progressive touch; its button does the same without script).
        await Page.Locator("select[name=health]").SelectOptionAsync("degraded");
        await Expect(sources).ToHaveCountAsync(1);
        await Expect(sources.First).ToContainTextAsync("/removed");
        await Page.GetByRole(AriaRole.Link, new() { Name = "Last change" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sort=change"));

        // On to the edited source, and from its page to the side-by-side diff of its change.
        await Page.Locator("select[name=health]").SelectOptionAsync("");
        await Page.GetByRole(AriaRole.Link, new() { Name = _site.Url("/bulletin") }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Bulletin");
        await Expect(Page.Locator(".word-diff ins").First).ToContainTextAsync("Fifty-two");
        await AssertAccessibleAsync(Page);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Side by side" }).First.ClickAsync();
        await Expect(Page.Locator("table.diff td.new ins").First).ToContainTextAsync("Fifty-two");
        await SaveScreenshotAsync(Page, "click-through-diff");
        Watch.AssertQuiet();
    }

    [Fact]
    public async Task ABrowserInSpanish_GetsSpanishPages_AndTheSwitchGoesBackToEnglish()
    {
        await using var spanish = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = MonitorUri.AbsoluteUri,
            Locale = "es-MX",
            TimezoneId = "America/Mexico_City",
        });
        var page = await spanish.NewPageAsync();
        var watch = PageWatch.On(page);

        await page.GotoAsync($"/documents/{_documentId}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sobre este documento" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.report tbody tr").Nth(1)).ToContainTextAsync("No encontrada (404)");
        await AssertAccessibleAsync(page);
        await SaveScreenshotAsync(page, "document-report-es");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "About this document" })).ToBeVisibleAsync();
        watch.AssertQuiet();
    }

    private static string Html(string title, string text) =>
        $"<html><head><title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p></main></body></html>";
}
