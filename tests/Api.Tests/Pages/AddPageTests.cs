using System.Net;
using System.Text;
using CitationMonitor.Api.Tests.Docs;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;
using HtmlAgilityPack;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>
/// The add page (<c>/add</c>) and the source page's "check now" button, over HTTP from this machine with no API key
/// configured: each form writes through the JSON API's own handler, sends the browser to what it made (303), or shows
/// the page again with the API's problem and what was entered, under the API's status.
/// </summary>
public sealed class AddPageTests : SiteApiTest
{
    private PageSession _browser = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _browser = new PageSession(PageSession.ClientFor(Factory));
    }

    [Fact]
    public async Task TheAddPage_HasItsThreeForms_EachWithTheAntiforgeryToken()
    {
        var page = await _browser.GetPageAsync("/add");

        var forms = Html.All(page.DocumentNode, "//main//form");
        Assert.Equal(["/add/document", "/add/text", "/add/url"], forms.Select(f => f.GetAttributeValue("action", "")));
        Assert.All(forms, form => Assert.Equal("post", form.GetAttributeValue("method", "")));
        Assert.Equal("multipart/form-data", forms[0].GetAttributeValue("enctype", ""));
        Assert.All(forms, form => Assert.False(string.IsNullOrEmpty(
            Html.One(form, ".//input[@type='hidden' and @name='__token']").GetAttributeValue("value", ""))));
        Assert.Equal(["file", "title", "sourceUrl", "publishedAt"], Html.All(forms[0], ".//input[@type!='hidden']").Select(i => i.GetAttributeValue("name", "")));
        Assert.Equal("date", Html.One(forms[0], ".//input[@name='publishedAt']").GetAttributeValue("type", ""));
        Assert.Equal("Add documents and sources", Html.One(page.DocumentNode, "//h1").InnerText);
        // Without keys, a browser on this machine may write: no key is asked for.
        Assert.Empty(Html.All(page.DocumentNode, "//a[starts-with(@href, '/key')]"));
    }

    [Fact]
    public async Task AUrl_IsWatchedWithItsPassage_AndTheBrowserGoesToItsSourcePage()
    {
        var token = await _browser.TokenFromAsync("/add");
        var url = Site.Url("/press/statement");

        var location = PageSession.SeeOther(await _browser.PostFormAsync("/add/url", ("__token", token), ("url", url), ("quote", "forty cases")));

        var citation = Assert.Single((await (await Client.GetAsync("/api/citations")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal($"/citations/{citation.GetProperty("id").GetInt64()}", location);
        Assert.Equal(url, citation.GetProperty("url").GetString());
        Assert.Equal("forty cases", citation.GetProperty("quote").GetString());

        // Posted again, the same source: the browser goes to it, nothing is added.
        Assert.Equal(location, PageSession.SeeOther(await _browser.PostFormAsync("/add/url", ("__token", token), ("url", url + "#again"))));
        Assert.Equal(1, await CountAsync("/api/citations"));
    }

    [Fact]
    public async Task AText_IsStoredWithItsSources_AndTheBrowserGoesToItsDocumentPage()
    {
        var token = await _browser.TokenFromAsync("/add");

        var location = PageSession.SeeOther(await _browser.PostMultipartAsync("/add/text", null,
            ("__token", token), ("title", "Informe de prueba"), ("text", "Véase https://example.org/uno y también https://example.org/dos.")));

        var document = await DocumentAtAsync(location);
        Assert.Equal("Informe de prueba", document.GetProperty("title").GetString());
        Assert.Equal(
            ["https://example.org/uno", "https://example.org/dos"],
            document.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task AnUploadedPdf_IsStoredWithEverySourceItCites_AndTheBrowserGoesToItsDocumentPage()
    {
        var token = await _browser.TokenFromAsync("/add");
        var pdf = File.ReadAllBytes(Path.Combine(DocsPages.RepositoryRoot, "docs", "examples", "statement.pdf"));

        var location = PageSession.SeeOther(await _browser.PostMultipartAsync("/add/document", ("statement.pdf", pdf, "application/pdf"),
            ("__token", token), ("title", ""), ("sourceUrl", ""), ("publishedAt", "2021-01-20")));

        var document = await DocumentAtAsync(location);
        Assert.Equal("Brief on the January 2021 caravan", document.GetProperty("title").GetString());
        Assert.Equal("pdf", document.GetProperty("kind").GetString());
        Assert.Equal("2021-01-20T00:00:00+00:00", document.GetProperty("publishedAt").GetString());
        Assert.Equal(4, document.GetProperty("citationCount").GetInt32());
        Assert.Contains(
            "http://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp",
            document.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("url").GetString()));
    }

    [Fact]
    public async Task AUrlTheMonitorCannotWatch_ShowsTheApisError_KeepsWhatWasEntered_AndStoresNothing()
    {
        var token = await _browser.TokenFromAsync("/add");

        using var response = await _browser.PostFormAsync("/add/url", ("__token", token), ("url", "ftp://example.org/<b>x</b>"), ("quote", "a passage & more"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PageSession.PageOf(response);
        var problem = Html.One(page.DocumentNode, "//div[@id='url-problem' and @role='alert']");
        Assert.Contains("The URL was not added", problem.InnerText, StringComparison.Ordinal);
        Assert.Equal("#url-url", Html.One(problem, ".//a").GetAttributeValue("href", ""));
        var input = Html.One(page.DocumentNode, "//input[@id='url-url']");
        Assert.Equal("ftp://example.org/<b>x</b>", HtmlEntity.DeEntitize(input.GetAttributeValue("value", "")));
        Assert.Equal("true", input.GetAttributeValue("aria-invalid", ""));
        Assert.Contains("url-url-error", input.GetAttributeValue("aria-describedby", ""), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Html.One(page.DocumentNode, "//p[@id='url-url-error']").InnerText));
        Assert.Equal("a passage & more", HtmlEntity.DeEntitize(Html.One(page.DocumentNode, "//textarea[@id='url-quote']").InnerText));
        Assert.Empty(Html.All(page.DocumentNode, "//b"));
        // The other forms are not marked, and the page's own forms still post to the add page's addresses.
        Assert.Empty(Html.All(page.DocumentNode, "//*[@id='document-problem' or @id='text-problem']"));
        Assert.Equal(0, await CountAsync("/api/citations"));
    }

    [Fact]
    public async Task AFileOfAKindTheMonitorDoesNotRead_Is415WithTheApisDetail_AndTheTitleKept()
    {
        var token = await _browser.TokenFromAsync("/add");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

        using var response = await _browser.PostMultipartAsync("/add/document", ("statement.pdf", png, "application/pdf"),
            ("__token", token), ("title", "Mi informe"), ("publishedAt", ""));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var page = await PageSession.PageOf(response);
        Assert.Contains("not its name", Html.One(page.DocumentNode, "//div[@id='document-problem']").InnerText, StringComparison.Ordinal);
        Assert.Equal("Mi informe", Html.One(page.DocumentNode, "//input[@id='document-title']").GetAttributeValue("value", ""));
        Assert.Equal(0, await CountAsync("/api/documents"));
    }

    [Fact]
    public async Task APublicationDateThatIsNoDate_Is400NamingTheField()
    {
        var token = await _browser.TokenFromAsync("/add");

        using var response = await _browser.PostMultipartAsync("/add/document", ("notes.txt", "See https://example.org/a\n"u8.ToArray(), "text/plain"),
            ("__token", token), ("publishedAt", "31/01/2021"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PageSession.PageOf(response);
        Assert.Equal("true", Html.One(page.DocumentNode, "//input[@id='document-published']").GetAttributeValue("aria-invalid", ""));
        Assert.Equal(0, await CountAsync("/api/documents"));
    }

    [Theory]
    [InlineData("", "Informe", "text")]
    [InlineData("Véase https://example.org/a", "", "title")]
    public async Task ATextWithoutItsTextOrTitle_Is400NamingTheField(string text, string title, string field)
    {
        var token = await _browser.TokenFromAsync("/add");

        using var response = await _browser.PostMultipartAsync("/add/text", null, ("__token", token), ("title", title), ("text", text));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PageSession.PageOf(response);
        Assert.Equal("true", Html.One(page.DocumentNode, $"//*[@name='{field}' and ancestor::form[@action='/add/text']]").GetAttributeValue("aria-invalid", ""));
        Assert.Equal(0, await CountAsync("/api/documents"));
    }

    [Fact]
    public async Task AText_LongerThanTheFormReadersDefault_IsTaken_AsTheApiTakesIt()
    {
        var token = await _browser.TokenFromAsync("/add");
        var text = new StringBuilder().Append('x', 4_500_000).Append(" https://example.org/far-down").ToString();

        var location = PageSession.SeeOther(await _browser.PostMultipartAsync("/add/text", null, ("__token", token), ("title", "Largo"), ("text", text)));

        Assert.Equal(1, (await DocumentAtAsync(location)).GetProperty("citationCount").GetInt32());
    }

    [Fact]
    public async Task CheckNow_ChecksTheSource_AndSendsTheBrowserBackToIt()
    {
        var id = await AddCitationAsync(Site.Url("/press/statement"));
        var token = await _browser.TokenFromAsync("/add");

        var location = PageSession.SeeOther(await _browser.PostFormAsync($"/citations/{id}/check", ("__token", token)));

        Assert.Equal($"/citations/{id}?checked=1", location);
        var check = Assert.Single((await (await Client.GetAsync($"/api/citations/{id}/checks")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal("ok", check.GetProperty("status").GetString());
    }

    [Fact]
    public async Task CheckNow_OfAnUnknownSource_IsANotFoundPage()
    {
        var token = await _browser.TokenFromAsync("/add");

        using var response = await _browser.PostFormAsync("/citations/4242/check", ("__token", token));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Source not found", Html.One((await PageSession.PageOf(response)).DocumentNode, "//h1").InnerText);
    }

    [Fact]
    public async Task CheckNow_OfARetiredSource_Is409WithTheApisDetail_AndALinkBackToTheSource()
    {
        var id = await AddCitationAsync(Site.Url("/press/statement"));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{id}")).StatusCode);
        var token = await _browser.TokenFromAsync("/add");

        using var response = await _browser.PostFormAsync($"/citations/{id}/check", ("__token", token));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await PageSession.PageOf(response);
        Assert.Contains("is retired", Html.One(page.DocumentNode, "//*[@role='alert']").InnerText, StringComparison.Ordinal);
        Assert.NotNull(page.DocumentNode.SelectSingleNode($"//main//a[@href='/citations/{id}']"));
        Assert.Equal(0, (await (await Client.GetAsync($"/api/citations/{id}/checks")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TheAddPage_SpeaksSpanish_WhenTheBrowserAsksForIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/add");
        request.Headers.AcceptLanguage.ParseAdd("es-MX,es;q=0.9");

        using var response = await _browser.SendAsync(request);

        var page = await PageSession.PageOf(response);
        Assert.Equal("es", Html.One(page.DocumentNode, "//html").GetAttributeValue("lang", ""));
        Assert.Equal("Añadir documentos y fuentes", HtmlEntity.DeEntitize(Html.One(page.DocumentNode, "//h1").InnerText));
        Assert.Equal("Subir un documento", HtmlEntity.DeEntitize(Html.One(page.DocumentNode, "//h2[@id='upload-heading']").InnerText));
    }

    private async Task<long> AddCitationAsync(string url)
    {
        using var response = await Client.PostJsonAsync("/api/citations", new { url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    private async Task<System.Text.Json.JsonElement> DocumentAtAsync(string location)
    {
        Assert.StartsWith("/documents/", location, StringComparison.Ordinal);
        using var response = await Client.GetAsync("/api" + location);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<int> CountAsync(string list) =>
        (await (await Client.GetAsync(list)).ReadJsonAsync()).GetProperty("total").GetInt32();
}
