using CitationMonitor.Browser.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CitationMonitor.Browser.Tests.Changes;

/// <summary>
/// The side-by-side diff page (<c>/api/changes/{id}/diff.html</c>) of a change found by two real checks of a loopback
/// site, as a browser shows it: the changed words visible and marked, nothing for axe to object to, and a page that
/// stays quiet (no console error, no policy violation, no script run), whatever the watched page held.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DiffPageTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    private WatchedSite _site = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _site = await WatchedSite.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task TheDiffPage_ShowsInsertedAndDeletedWords_WithoutAccessibilityViolations()
    {
        _site.Text = "The ministry closed the border crossing on Friday.";
        var changeId = await ChangeAsync(() => _site.Text = "The ministry reopened the border crossing on Monday.");

        await OpenAsync($"/api/changes/{changeId}/diff.html");

        var deleted = Page.Locator("table.diff td.old del");
        var inserted = Page.Locator("table.diff td.new ins");
        await Expect(deleted).ToHaveTextAsync(["closed", "Friday."]);
        await Expect(inserted).ToHaveTextAsync(["reopened", "Monday."]);
        foreach (var word in await deleted.AllAsync())
        {
            await Expect(word).ToBeVisibleAsync();
        }

        foreach (var word in await inserted.AllAsync())
        {
            await Expect(word).ToBeVisibleAsync();
        }

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync($"Change {changeId}: the text changed");
        await Expect(Page.Locator("dd.words")).ToHaveTextAsync("2 inserted, 2 deleted");
        await AssertAccessibleAsync(Page);
        Watch.AssertQuiet();
        await SaveScreenshotAsync(Page, "diff-page");
    }

    [Fact]
    public async Task TheDiffPage_ShowsAHostilePageTitleAsText_AndOpensNoDialog()
    {
        const string hostile = "<script>alert(1)</script>";
        _site.Title = hostile;
        var changeId = await ChangeAsync(() => _site.Text = "The commission recorded fifty cases of arbitrary detention in January.");

        await OpenAsync($"/api/changes/{changeId}/diff.html");

        var titles = Page.Locator("table.versions tr.title td");
        await Expect(titles).ToHaveTextAsync([hostile, hostile]);
        await Expect(titles.First).ToBeVisibleAsync();
        await Expect(Page.Locator("script")).ToHaveCountAsync(0);
        await Expect(Page.Locator("table.diff td.new ins")).ToHaveTextAsync(["fifty"]);
        Assert.Empty(Watch.Dialogs);
        Watch.AssertQuiet();
        await SaveScreenshotAsync(Page, "diff-page-hostile-title");
    }

    /// <summary>Watches the site's page, checks it, edits it with <paramref name="edit"/>, checks again; returns the change.</summary>
    private async Task<long> ChangeAsync(Action edit)
    {
        var citation = await AddCitationAsync(_site.StatementUrl);
        await CheckAsync(citation);
        edit();
        await CheckAsync(citation);
        return Assert.Single(await ChangeIdsAsync(citation));
    }
}
