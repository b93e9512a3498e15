using System.Net;
using System.Text.RegularExpressions;
using CitationMonitor.Browser.Tests.Support;
using CitationMonitor.TestSupport.Http;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CitationMonitor.Browser.Tests.Sources;

/// <summary>
/// A source's page (<c>/citations/{id}</c>) over checks made for real against a loopback site that changes its text and
/// fails once: the timeline with one mark per check, the health transitions, the change with its words, the evidence
/// links, the Robust Link ready to copy, in English and in Spanish, and a hostile page shown as text.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SourcePageTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
{
    private SourceSite _site = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Icons.AnswerAsync(Context);
        _site = await SourceSite.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task TheSourcePage_ShowsOneMarkPerCheck_TheTransitions_TheChange_TheEvidence_AndTheRobustLink()
    {
        var id = await HistoryAsync();
        await Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);

        await OpenAsync($"/citations/{id}");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Press statement");
        await Expect(Page.Locator("a.source-url")).ToHaveAttributeAsync("href", _site.StatementUrl);
        await Expect(Page.Locator(".verdict")).ToContainTextAsync("The last check reached the source");

        // One mark per check, each coloured by its status and titled with its time, status and duration.
        var marks = Page.Locator("svg.timeline-strip rect.mark");
        await Expect(marks).ToHaveCountAsync(4);
        Assert.Equal(4, await TotalAsync($"/api/citations/{id}/checks"));
        await Expect(Page.Locator("svg.timeline-strip rect.mark.st-ok")).ToHaveCountAsync(3);
        await Expect(Page.Locator("svg.timeline-strip rect.mark.st-server")).ToHaveCountAsync(1);
        await Expect(Page.Locator("svg.timeline-strip rect.mark > title")).ToHaveCountAsync(4);
        await Expect(Page.Locator("svg.timeline-strip rect.mark.st-server > title")).ToHaveTextAsync(new Regex(@"^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC · Server error \(503\) · [\d,]+ ms$"));
        await Expect(Page.Locator("svg.timeline-strip")).ToHaveAttributeAsync("aria-label", "Checks over the period: 3 OK, 1 Server error");
        await Expect(Page.Locator(".timeline-counts li")).ToHaveTextAsync(["OK: 3", "Server error: 1", "Not watched yet"]);

        var transitions = Page.Locator("table.transitions tbody tr");
        await Expect(transitions).ToHaveCountAsync(3);
        await Expect(transitions.Nth(0)).ToContainTextAsync("Degraded");
        await Expect(transitions.Nth(0)).ToContainTextAsync("Healthy");
        await Expect(transitions.Nth(2)).ToContainTextAsync("Not checked yet");

        await Expect(Page.Locator(".word-diff del")).ToHaveTextAsync([Words("closed"), Words("Friday.")]);
        await Expect(Page.Locator(".word-diff ins")).ToHaveTextAsync([Words("reopened"), Words("Monday.")]);
        // Words stay apart as a reader sees them: one space between runs, and after the words read out to screen readers.
        Assert.StartsWith(
            "Press statement The ministry [removed: closed] [added: reopened] the border crossing on [removed: Friday.] [added: Monday.] ",
            System.Text.RegularExpressions.Regex.Replace(
                System.Text.RegularExpressions.Regex.Replace(await Page.Locator(".word-diff").First.InnerTextAsync(), @"\s+", " "), @" \]", "]").Trim(), StringComparison.Ordinal);
        var changeId = Assert.Single(await ChangeIdsAsync(id));
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Side by side" })).ToHaveAttributeAsync("href", $"/api/changes/{changeId}/diff.html");

        // The evidence: raw bytes and text of each snapshot, and the source's WARC, all answering.
        var evidence = Page.Locator("td.evidence a, a.warc");
        await Expect(evidence).ToHaveCountAsync((2 * await TotalAsync($"/api/citations/{id}/snapshots")) + 1);
        foreach (var link in await evidence.AllAsync())
        {
            var href = await link.GetAttributeAsync("href");
            using var answer = await Client.GetAsync(href);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"GET {href} answered {(int)answer.StatusCode}");
        }

        var snippet = Page.Locator("pre#robust-link");
        await Expect(snippet).ToContainTextAsync($"data-originalurl=\"{_site.StatementUrl}\"");
        await Expect(snippet).ToContainTextAsync("data-versiondate=");
        var copy = Page.Locator("button[data-copy='robust-link']");
        await Expect(copy).ToBeVisibleAsync();
        await copy.ClickAsync();
        await Expect(copy).ToHaveTextAsync("Copied");
        Assert.Equal(await snippet.TextContentAsync(), await Page.EvaluateAsync<string>("navigator.clipboard.readText()"));

        var checkNow = Page.Locator($"form[method='post'][action='/citations/{id}/check']");
        await Expect(checkNow.GetByRole(AriaRole.Button, new() { Name = "Check now" })).ToBeVisibleAsync();
        Assert.False(string.IsNullOrEmpty(await checkNow.Locator("input[type='hidden'][name='__token']").GetAttributeAsync("value")));

        await AssertAccessibleAsync(Page);
        Watch.AssertQuiet();
        await SaveScreenshotAsync(Page, "source-page");

        // Another period: the same checks, the link to it marked as the current one.
        await Page.GetByRole(AriaRole.Link, new() { Name = "30 days" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Uri(MonitorUri, $"/citations/{id}?days=30").AbsoluteUri);
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "30 days" })).ToHaveAttributeAsync("aria-current", "page");
        await Expect(marks).ToHaveCountAsync(4);
        Watch.AssertQuiet();
    }

    [Fact]
    public async Task TheSourcePage_ShowsAHostileTitleAndMarkupInTheText_AsText_AndOpensNoDialog()
    {
        const string hostile = "<script>alert(1)</script>";
        _site.Title = hostile;
        _site.Text = "Read &lt;img src=x onerror=alert(2)&gt; before Friday.";
        var id = await AddCitationAsync(_site.StatementUrl);
        await CheckAsync(id);
        _site.Text = "Read &lt;b onclick=alert(3)&gt;bold&lt;/b&gt; before Monday.";
        await CheckAsync(id);

        await OpenAsync($"/citations/{id}");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(hostile);
        await Expect(Page.Locator("dd.source-title")).ToHaveTextAsync(hostile);
        await Expect(Page.Locator("td.snapshot-title").First).ToHaveTextAsync(hostile);
        await Expect(Page.Locator(".word-diff del")).ToHaveTextAsync([Words("<img src=x onerror=alert(2)>"), Words("Friday.")]);
        await Expect(Page.Locator(".word-diff ins")).ToHaveTextAsync([Words("<b onclick=alert(3)>bold</b>"), Words("Monday.")]);
        await Expect(Page.Locator("pre#robust-link")).ToContainTextAsync("&lt;script&gt;alert(1)&lt;/script&gt;</a>");
        await Expect(Page.Locator("main script, main img, main b")).ToHaveCountAsync(0);
        Assert.Equal(hostile + " · Citation monitor", await Page.TitleAsync());
        await Page.Locator(".word-diff ins").First.ClickAsync();
        Assert.Empty(Watch.Dialogs);
        Watch.AssertQuiet();
        await SaveScreenshotAsync(Page, "source-page-hostile");
    }

    [Fact]
    public async Task TheSourcePage_SpeaksSpanish_ToABrowserThatAsksForIt()
    {
        var id = await HistoryAsync();
        var context = await Context.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = MonitorUri.AbsoluteUri,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "es-ES",
            TimezoneId = "UTC",
        });
        try
        {
            await Icons.AnswerAsync(context);
            var page = await context.NewPageAsync();
            var watch = PageWatch.On(page);
            var response = await page.GotoAsync($"/citations/{id}");
            Assert.Equal(200, response!.Status);

            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "es");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Comprobaciones en el tiempo" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Comprobar ahora" })).ToBeVisibleAsync();
            await Expect(page.Locator(".timeline-counts li")).ToHaveTextAsync(["Correcta: 3", "Error del servidor: 1", "Aún sin vigilar"]);
            await Expect(page.Locator("svg.timeline-strip rect.mark.st-server > title")).ToContainTextAsync("Error del servidor (503)");
            await Expect(page.Locator("table.transitions thead")).ToContainTextAsync("Cuándo");
            await Accessibility.AssertNoSeriousViolationsAsync(page, Output);
            watch.AssertQuiet();
            await SaveScreenshotAsync(page, "source-page-es");
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task AnUnknownSource_IsAPageSayingSo_With404()
    {
        var response = await Page.GotoAsync("/citations/999999");

        Assert.Equal(404, response!.Status);
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Source not found");
        await AssertAccessibleAsync(Page);
        // The browser logs the page's own 404 as a console error: quiet otherwise.
        Assert.Empty(Watch.CspViolations);
        Assert.Empty(Watch.PageErrors);
        Assert.Empty(Watch.Dialogs);
    }

    /// <summary>
    /// Four real checks of the site's page: found, changed (two words), failing with 503, found again; returns the
    /// citation's id.
    /// </summary>
    private async Task<long> HistoryAsync()
    {
        var id = await AddCitationAsync(_site.StatementUrl);
        await CheckAsync(id);
        _site.Text = "The ministry reopened the border crossing on Monday.";
        await CheckAsync(id);
        _site.Status = 503;
        await CheckAsync(id);
        _site.Status = 200;
        await CheckAsync(id);
        return id;
    }

    /// <summary>Marked words as their element reads, with the words that name them for screen readers around them.</summary>
    private static Regex Words(string words) => new($@"^\[(added|removed):\s*{Regex.Escape(words)}\]$");

    /// <summary>How many items the JSON API's list at <paramref name="path"/> has.</summary>
    private async Task<int> TotalAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return (await response.ReadJsonAsync()).GetProperty("total").GetInt32();
    }
}
