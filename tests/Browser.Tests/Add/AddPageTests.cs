using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitationMonitor.Browser.Tests.Support;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CitationMonitor.Browser.Tests.Add;

/// <summary>
/// The add page in a browser, from this machine with no API key configured: a PDF uploaded, a text pasted and a URL
/// added through its forms land on what they made; a refused form says why beside its field; the "check now" form's
/// post checks the source; and a form another site posts to the monitor is refused, with nothing stored.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AddPageTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, output)
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
    public async Task UploadingAPdf_LandsOnItsDocumentPage_WithEverySourceItCites()
    {
        await OpenAsync("/add");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Add documents and sources");
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "add-page");
        Watch.AssertQuiet();

        var upload = Page.Locator("section", new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = "Upload a document" }) });
        await upload.GetByLabel("File").SetInputFilesAsync(ExampleFile("statement.pdf"));
        await upload.GetByLabel("Published on").FillAsync("2021-01-20");
        await upload.GetByRole(AriaRole.Button, new() { Name = "Upload and watch its sources" }).ClickAsync();
        await ArriveAtAsync(DocumentPage());

        var document = await GetJsonAsync($"/api/documents/{IdIn(Page.Url)}");
        Assert.Equal("Brief on the January 2021 caravan", document.GetProperty("title").GetString());
        Assert.Equal("pdf", document.GetProperty("kind").GetString());
        Assert.Equal(
            [
                "http://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp",
                "https://igm.gob.gt/protocolo-de-atencion-a-migrantes-que-ingresaran-en-caravana-prevista-para-el-15-de-enero/",
                "https://www.gob.mx/sre/prensa/mexico-el-salvador-guatemala-y-honduras-presentan-declaracion-conjunta-sobre-la-gestion-integral-de-los-procesos-migratorios-en-la-region?state=published",
                "https://www.cndh.org.mx/sites/default/files/documentos/2020-10/COM_2020_343.pdf",
            ],
            document.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("url").GetString()));

        // The page it lands on lists them, the one behind the link text "aquí" first.
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Brief on the January 2021 caravan");
        var sources = Page.Locator("table.report tbody tr a.source");
        await Expect(sources).ToHaveTextAsync(
        [
            "http://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp",
            "https://igm.gob.gt/protocolo-de-atencion-a-migrantes-que-ingresaran-en-caravana-prevista-para-el-15-de-enero/",
            "https://www.gob.mx/sre/prensa/mexico-el-salvador-guatemala-y-honduras-presentan-declaracion-conjunta-sobre-la-gestion-integral-de-los-procesos-migratorios-en-la-region?state=published",
            "https://www.cndh.org.mx/sites/default/files/documentos/2020-10/COM_2020_343.pdf",
        ]);
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "uploaded-pdf-document");
    }

    [Fact]
    public async Task TheAddPage_InSpanish_NamesEveryFieldInSpanish()
    {
        await OpenAsync("/language?culture=es&returnUrl=%2Fadd");

        await Expect(Page.Locator("html")).ToHaveAttributeAsync("lang", "es");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Añadir documentos y fuentes");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Subir y vigilar sus fuentes" })).ToBeVisibleAsync();
        await Expect(Page.GetByLabel("Archivo", new() { Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "add-page-es");
        Watch.AssertQuiet();
    }

    [Fact]
    public async Task PastingAText_LandsOnItsDocumentPage()
    {
        await OpenAsync("/add");
        var paste = Page.Locator("section", new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = "Paste a text" }) });

        await paste.GetByLabel("Title", new() { Exact = true }).FillAsync("Notes on the statement");
        await paste.GetByLabel("Text", new() { Exact = true }).FillAsync($"The ministry's statement ({_site.StatementUrl}) gives the figures.");
        await paste.GetByRole(AriaRole.Button, new() { Name = "Add the text and watch its sources" }).ClickAsync();
        await ArriveAtAsync(DocumentPage());

        var document = await GetJsonAsync($"/api/documents/{IdIn(Page.Url)}");
        Assert.Equal("Notes on the statement", document.GetProperty("title").GetString());
        Assert.Equal([_site.StatementUrl], document.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task AddingAUrl_LandsOnItsSourcePage_WithThePassageKept()
    {
        await OpenAsync("/add");
        var watch = Page.Locator("section", new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = "Watch one URL" }) });

        await watch.GetByLabel("URL", new() { Exact = true }).FillAsync(_site.StatementUrl);
        await watch.GetByLabel("Passage quoted from it").FillAsync("forty cases of arbitrary detention");
        await watch.GetByRole(AriaRole.Button, new() { Name = "Watch this URL" }).ClickAsync();
        await ArriveAtAsync(SourcePage());

        var source = await GetJsonAsync($"/api/citations/{IdIn(Page.Url)}");
        Assert.Equal(_site.StatementUrl, source.GetProperty("url").GetString());
        Assert.Equal("forty cases of arbitrary detention", source.GetProperty("quote").GetString());
    }

    [Fact]
    public async Task AUrlTheMonitorCannotWatch_IsRefusedWithTheReasonBesideTheField()
    {
        await OpenAsync("/add");
        var watch = Page.Locator("section", new() { Has = Page.GetByRole(AriaRole.Heading, new() { Name = "Watch one URL" }) });
        const string hostile = "ftp://example.org/<script>alert(1)</script>";

        await watch.GetByLabel("URL", new() { Exact = true }).FillAsync(hostile);
        await watch.GetByLabel("Passage quoted from it").FillAsync("a passage <b>kept</b>");
        var answer = Page.WaitForResponseAsync(r => r.Url.EndsWith("/add/url", StringComparison.Ordinal));
        await watch.GetByRole(AriaRole.Button, new() { Name = "Watch this URL" }).ClickAsync();
        Assert.Equal(400, (await answer).Status);

        var problem = Page.Locator("#url-problem");
        await Expect(problem).ToContainTextAsync("The URL was not added");
        await Expect(problem).ToBeFocusedAsync();
        await Expect(problem).ToBeInViewportAsync();
        await Expect(Page.GetByLabel("URL", new() { Exact = true })).ToHaveValueAsync(hostile);
        await Expect(Page.GetByLabel("URL", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.GetByLabel("Passage quoted from it")).ToHaveValueAsync("a passage <b>kept</b>");
        await Expect(Page.Locator("#url-url-error")).ToBeVisibleAsync();
        await problem.GetByRole(AriaRole.Link, new() { Name = "URL" }).ClickAsync();
        await Expect(Page.GetByLabel("URL", new() { Exact = true })).ToBeFocusedAsync();
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "add-page-refused-url");
        Assert.Empty(Watch.Dialogs);
        AssertQuietButForTheRefusal();
        Assert.Equal(0, (await GetJsonAsync("/api/citations")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheCheckNowButton_OfASourcePage_ChecksItAndShowsTheCheck()
    {
        var id = await AddCitationAsync(_site.StatementUrl);
        await OpenAsync($"/citations/{id}");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Check now" }).ClickAsync();

        await ArriveAtAsync(new System.Text.RegularExpressions.Regex($"/citations/{id}\\?checked=1$"));
        var check = Assert.Single((await GetJsonAsync($"/api/citations/{id}/checks")).GetProperty("items").EnumerateArray());
        Assert.Equal("ok", check.GetProperty("status").GetString());
        await Expect(Page.Locator("svg.timeline-strip rect.mark")).ToHaveCountAsync(1);
        await AssertAccessibleAsync(Page);
        Watch.AssertQuiet();
        await SaveScreenshotAsync(Page, "source-page-checked-now");
    }

    [Fact]
    public async Task CheckNow_WithTheTokenOfTheAddPage_ChecksTheSource_AndGoesBackToIt()
    {
        var id = await AddCitationAsync(_site.StatementUrl);
        await OpenAsync("/add");
        var token = await Page.Locator("form[action='/add/url'] input[name='__token']").GetAttributeAsync("value");
        var form = Context.APIRequest.CreateFormData();
        form.Set("__token", token!);

        var response = await Context.APIRequest.PostAsync($"/citations/{id}/check", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal((int)HttpStatusCode.SeeOther, response.Status);
        Assert.Equal($"/citations/{id}?checked=1", response.Headers["location"]);
        var check = Assert.Single((await GetJsonAsync($"/api/citations/{id}/checks")).GetProperty("items").EnumerateArray());
        Assert.Equal("ok", check.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AFormAnotherSitePostsToTheMonitor_IsRefused_AndNothingIsStored()
    {
        // The browser has the monitor's anti-forgery cookie, as anyone who has used the pages does.
        await OpenAsync("/add");
        await using var elsewhere = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Content(
            $"""
            <!doctype html><html lang="en"><head><title>Win a prize</title></head><body><main>
            <form id="forged" method="post" action="{MonitorUri}add/url">
            <input type="hidden" name="url" value="https://example.org/planted">
            <input type="hidden" name="__token" value="guessed">
            </form>
            <script>document.getElementById("forged").submit();</script>
            </main></body></html>
            """,
            "text/html; charset=utf-8")));

        var answer = Page.WaitForResponseAsync(r => r.Url == $"{MonitorUri}add/url");
        await Page.GotoAsync(elsewhere.Url("/"));
        Assert.Equal(400, (await answer).Status);

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("This form was not sent from this site");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("anti-forgery token");
        await AssertAccessibleAsync(Page);
        await SaveScreenshotAsync(Page, "forged-form-refused");
        Assert.Equal(0, (await GetJsonAsync("/api/citations")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync("/api/documents")).GetProperty("total").GetInt32());
    }

    /// <summary>The watch heard nothing but the browser noting the refusal's status (a 4xx page is one it reports).</summary>
    private void AssertQuietButForTheRefusal()
    {
        Assert.All(Watch.ConsoleErrors, e => Assert.Contains("status of 400", e, StringComparison.Ordinal));
        Assert.Empty(Watch.CspViolations);
        Assert.Empty(Watch.PageErrors);
        Assert.Empty(Watch.Dialogs);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static long IdIn(string url) => long.Parse(LastNumber().Match(url).Value, System.Globalization.CultureInfo.InvariantCulture);

    private Regex DocumentPage() => new($"^{Regex.Escape(MonitorUri.AbsoluteUri)}documents/\\d+$");

    private Regex SourcePage() => new($"^{Regex.Escape(MonitorUri.AbsoluteUri)}citations/\\d+$");

    /// <summary>A file of the repository's <c>docs/examples</c>.</summary>
    private static string ExampleFile(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory!.FullName, "docs", "examples", name);
    }

    [GeneratedRegex(@"\d+$")]
    private static partial Regex LastNumber();
}
