using System.Net;
using CitationMonitor.Browser.Tests.Sources;
using CitationMonitor.Browser.Tests.Support;
using CitationMonitor.TestSupport.Http;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CitationMonitor.Browser.Tests.Changes;

/// <summary>
/// The list of every change (<c>/changes</c>) over changes found by real checks of two loopback sites, each cited by its
/// own document: newest first, filtered by kind and by document through the filters' form (which submits itself when a
/// choice changes), and a page that says which filter values it could not read instead of failing.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChangesPageTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    private WatchedSite _report = null!;
    private WatchedSite _notice = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Icons.AnswerAsync(Context);
        _report = await WatchedSite.StartAsync();
        _notice = await WatchedSite.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _notice.DisposeAsync();
        await _report.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task TheChangesPage_ListsEveryChangeNewestFirst_AndFiltersByKindAndByDocument()
    {
        var (reportDocument, reportSource) = await CiteAsync("Annual report on detention", _report);
        var (_, noticeSource) = await CiteAsync("Notice to the press", _notice);
        await CheckAsync(reportSource);
        await CheckAsync(noticeSource);
        _report.Text = "The commission recorded fifty cases of arbitrary detention in January.";
        await CheckAsync(reportSource);
        _notice.Title = "Press statement, corrected";
        await CheckAsync(noticeSource);

        await OpenAsync("/changes");

        var rows = Page.Locator("table.data tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync(_notice.StatementUrl);
        await Expect(rows.Nth(0)).ToContainTextAsync("Title");
        await Expect(rows.Nth(1)).ToContainTextAsync(_report.StatementUrl);
        await Expect(rows.Nth(1)).ToContainTextAsync("Text");
        await Expect(rows.Nth(1)).ToContainTextAsync("+1 −1 words");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Changes found: 2" })).ToBeVisibleAsync();
        var diff = await rows.Nth(1).GetByRole(AriaRole.Link, new() { Name = "Side by side" }).GetAttributeAsync("href");
        using (var answer = await Client.GetAsync(diff))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        await AssertAccessibleAsync(Page);
        Watch.AssertQuiet();
        await SaveScreenshotAsync(Page, "changes-page");

        // Choosing a kind submits the form by itself.
        await Page.GetByLabel("Kind").SelectOptionAsync("title");
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/changes\?kind=title&"));
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(_notice.StatementUrl);
        await Expect(Page.GetByLabel("Kind")).ToHaveValueAsync("title");

        await Page.GetByLabel("Kind").SelectOptionAsync("");
        await Expect(rows).ToHaveCountAsync(2);
        await Page.GetByLabel("Document").SelectOptionAsync(new SelectOptionValue { Label = "Annual report on detention" });
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($@"documentId={reportDocument}"));
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync(_report.StatementUrl);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Changes found: 1" })).ToBeVisibleAsync();

        // Without script the button sends the same filters.
        await Page.GetByLabel("Size").SelectOptionAsync("5");
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(Page.GetByText("No change matches these filters.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page);
        Watch.AssertQuiet();
        await SaveScreenshotAsync(Page, "changes-page-filtered");
    }

    [Fact]
    public async Task TheChangesPage_NamesTheFiltersItCouldNotRead_AndListsTheRest()
    {
        var (_, source) = await CiteAsync("Annual report on detention", _report);
        await CheckAsync(source);
        _report.Text = "The commission recorded fifty cases of arbitrary detention in January.";
        await CheckAsync(source);

        await OpenAsync("/changes?kind=everything&minWords=many&documentId=-1&since=yesterday&page=0");

        var alert = Page.GetByRole(AriaRole.Alert);
        await Expect(alert).ToContainTextAsync("Some filters could not be read and were left out:");
        await Expect(alert.Locator("li")).ToHaveCountAsync(5);
        await Expect(alert).ToContainTextAsync("Kind: 'everything' is not one of");
        await Expect(Page.Locator("table.data tbody tr")).ToHaveCountAsync(1);
        await Expect(Page.GetByLabel("Kind")).ToHaveValueAsync("");
        await AssertAccessibleAsync(Page);
        Watch.AssertQuiet();
        await SaveScreenshotAsync(Page, "changes-page-bad-filters");
    }

    /// <summary>A document whose text cites the site's page; returns the document and the source it watches.</summary>
    private async Task<(long Document, long Source)> CiteAsync(string title, WatchedSite site)
    {
        using var created = await Client.PostJsonAsync("/api/documents", new { title, text = $"{title}. See {site.StatementUrl} for the statement." });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var document = (await created.ReadJsonAsync()).GetProperty("id").GetInt64();
        using var sources = await Client.GetAsync($"/api/citations?documentId={document}");
        var source = Assert.Single((await sources.ReadJsonAsync()).GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64();
        return (document, source);
    }
}
