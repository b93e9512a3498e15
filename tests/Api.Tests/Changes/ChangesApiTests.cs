using System.Net;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.Domain.Text;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using HtmlAgilityPack;

namespace CitationMonitor.Api.Tests.Changes;

public sealed class ChangesApiTests : SiteApiTest
{
    [OnBothDatabases]
    public async Task KindFilter_ListsOnlyChangesOfThatKind()
    {
        var id = await TitleThenTextChangedAsync();

        Assert.Equal(["content", "title"], await KindsAsync("/api/changes"));
        Assert.Equal(["title"], await KindsAsync("/api/changes?kind=title"));
        Assert.Equal(["content"], await KindsAsync("/api/changes?kind=content"));
        Assert.Empty(await KindsAsync("/api/changes?kind=moved"));
        Assert.Equal(["title"], await KindsAsync($"/api/citations/{id}/changes?kind=title"));
    }

    [OnBothDatabases]
    public async Task MinWordsFilter_ListsOnlyChangesWithAtLeastThatManyChangedWords()
    {
        var id = await TitleThenTextChangedAsync();

        // forty → fifty: one word deleted and one inserted.
        Assert.Equal(["content", "title"], await KindsAsync("/api/changes?minWords=0"));
        Assert.Equal(["content"], await KindsAsync("/api/changes?minWords=2"));
        Assert.Empty(await KindsAsync("/api/changes?minWords=3"));
        Assert.Equal(["content"], await KindsAsync($"/api/citations/{id}/changes?minWords=1&kind=content"));
    }

    [OnBothDatabases]
    public async Task TitleChange_HasNoWordsAndFullSimilarity()
    {
        await TitleThenTextChangedAsync();

        var page = await (await Client.GetAsync("/api/changes?kind=title")).ReadJsonAsync();
        var change = page.GetProperty("items")[0];
        Assert.Equal(1.0, change.GetProperty("similarity").GetDouble());
        Assert.Equal(0, change.GetProperty("insertedWords").GetInt32());
        Assert.Equal(0, change.GetProperty("deletedWords").GetInt32());
        Assert.Equal(0, change.GetProperty("diff").GetArrayLength());
    }

    [OnBothDatabasesTheory]
    [InlineData("/api/changes?kind=text", "kind")]
    [InlineData("/api/changes?kind=Content", "kind")]
    [InlineData("/api/changes?minWords=-1", "minWords")]
    [InlineData("/api/changes?minWords=many", "minWords")]
    [InlineData("/api/changes?minWords=1.5", "minWords")]
    [InlineData("/api/citations/1/changes?kind=renamed", "kind")]
    [InlineData("/api/citations/1/changes?minWords=-3", "minWords")]
    public async Task BadKindOrMinWords_ReturnsProblemNamingIt(string url, string field) =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync(url), HttpStatusCode.BadRequest, field);

    [OnBothDatabases]
    public async Task DiffPage_IsSelfContainedHtmlWithBothVersionsAndTheChangedWordsMarked()
    {
        await TitleThenTextChangedAsync();
        var changeId = (await (await Client.GetAsync("/api/changes?kind=content")).ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetInt64();

        var response = await Client.GetAsync($"/api/changes/{changeId}/diff.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'", string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        var html = new HtmlDocument();
        html.LoadHtml(await response.Content.ReadAsStringAsync());
        var root = html.DocumentNode;
        Assert.Contains("forty", Html.One(root, "//table[@class='diff']//td[contains(@class,'old')]//del").InnerText, StringComparison.Ordinal);
        Assert.Contains("fifty", Html.One(root, "//table[@class='diff']//td[contains(@class,'new')]//ins").InnerText, StringComparison.Ordinal);
        Assert.Equal(Site.Url("/press/statement"), Html.One(root, "//a[@class='source']").GetAttributeValue("href", ""));
        Assert.Equal("content", Html.One(root, "//dd[@class='kind']").InnerText);
        Assert.Null(root.SelectSingleNode("//script|//link|//img|//iframe"));
    }

    [OnBothDatabases]
    public async Task DiffPage_EscapesMarkupFromTheWatchedPage()
    {
        Site.Article = "Before &lt;script&gt;alert('owned')&lt;/script&gt; the commission recorded forty cases.";
        var id = await AddAsync(Site.Url("/press/statement"));
        await Client.PostAsync($"/api/citations/{id}/check", null);
        Site.Article = "Before &lt;script&gt;alert('owned')&lt;/script&gt; the commission recorded fifty cases.";
        await Client.PostAsync($"/api/citations/{id}/check", null);
        var changeId = (await (await Client.GetAsync("/api/changes")).ReadJsonAsync()).GetProperty("items")[0].GetProperty("id").GetInt64();

        var page = await (await Client.GetAsync($"/api/changes/{changeId}/diff.html")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(", page, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task DiffPage_ShowsTheTextsAsCompared_WithoutLinesLearnedAsVolatile()
    {
        var id = await AddAsync(Site.Url("/counter"));
        await CheckAsync(id);
        await CheckAsync(id);
        Site.Article = "The commission recorded fifty cases of arbitrary detention in January.";
        await CheckAsync(id);
        var change = (await (await Client.GetAsync($"/api/citations/{id}/changes")).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal(1, change.GetProperty("insertedWords").GetInt32());

        var html = new HtmlDocument();
        html.LoadHtml(await (await Client.GetAsync($"/api/changes/{change.GetProperty("id").GetInt64()}/diff.html")).Content.ReadAsStringAsync());

        // The view counter ticks on every fetch: it is neither marked nor shown, and the page says lines were left out.
        var marked = html.DocumentNode.SelectNodes("//table[@class='diff']//del|//table[@class='diff']//ins")!.Select(n => n.InnerText).ToList();
        Assert.Equal(["forty", "fifty"], marked);
        Assert.DoesNotContain("Visto", Html.One(html.DocumentNode, "//table[@class='diff']").InnerText, StringComparison.Ordinal);
        Assert.Contains("left out", Html.One(html.DocumentNode, "//p[@class='note']").InnerText, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task AfterAnUpgradeOfTheExtractor_TheChangeAndItsDiffPageNameOnlyTheAlteredWords()
    {
        var id = await AddAsync(Site.Url("/press/statement"));
        // A capture by an older extractor, which kept the menu: the bytes the site served, and no extraction stamp.
        using var fetcher = new HttpClient();
        var body = await fetcher.GetByteArrayAsync(Site.Url("/press/statement"));
        var older = await OlderMonitor.StoreCaptureAsync(
            Factory.Services, id, Site.Url("/press/statement"), body, "text/html; charset=utf-8",
            "Home News\n" + ContentExtractor.Extract(body, "text/html; charset=utf-8").Text, "Press statement", null);
        Site.Article = "The commission recorded fifty cases of arbitrary detention in January.";
        await CheckAsync(id);

        var change = (await (await Client.GetAsync($"/api/citations/{id}/changes")).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal(1, change.GetProperty("deletedWords").GetInt32());
        Assert.Equal(older.Id, change.GetProperty("fromSnapshotId").GetInt64());
        var html = new HtmlDocument();
        html.LoadHtml(await (await Client.GetAsync($"/api/changes/{change.GetProperty("id").GetInt64()}/diff.html")).Content.ReadAsStringAsync());
        var marked = html.DocumentNode.SelectNodes("//table[@class='diff']//del|//table[@class='diff']//ins")!.Select(n => n.InnerText).ToList();
        Assert.Equal(["forty", "fifty"], marked);
        Assert.DoesNotContain("Home", Html.One(html.DocumentNode, "//table[@class='diff']").InnerText, StringComparison.Ordinal);

        // Each snapshot says which extraction made its text: none recorded for the older one.
        var from = await (await Client.GetAsync($"/api/snapshots/{older.Id}")).ReadJsonAsync();
        var to = await (await Client.GetAsync($"/api/snapshots/{change.GetProperty("toSnapshotId").GetInt64()}")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, from.GetProperty("extraction").ValueKind);
        Assert.Equal(ContentExtractor.Stamp(null), to.GetProperty("extraction").GetString());
        Assert.StartsWith("Home News", await Client.GetStringAsync($"/api/snapshots/{older.Id}/text"), StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task DiffPageOfAQuoteChange_ShowsTheCitedPassageAgainstTheSource()
    {
        var id = (await (await Client.PostJsonAsync(
            "/api/citations", new { url = Site.Url("/press/statement"), quote = "recorded forty cases of arbitrary detention in January" })).ReadJsonAsync())
            .GetProperty("id").GetInt64();
        await CheckAsync(id);
        Site.Article = "The commission recorded forty cases of detention in January.";
        await CheckAsync(id);
        var quoteChange = (await (await Client.GetAsync($"/api/citations/{id}/changes?kind=quote")).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal(0, quoteChange.GetProperty("insertedWords").GetInt32());
        Assert.Equal(1, quoteChange.GetProperty("deletedWords").GetInt32());

        var html = new HtmlDocument();
        html.LoadHtml(await (await Client.GetAsync($"/api/changes/{quoteChange.GetProperty("id").GetInt64()}/diff.html")).Content.ReadAsStringAsync());

        var passage = Html.One(html.DocumentNode, "//section[@class='passage']");
        Assert.Equal("arbitrary", Html.One(passage, ".//del").InnerText.Trim());
        Assert.Null(passage.SelectSingleNode(".//ins"));
        Assert.Contains("recorded forty cases of detention in January.", passage.InnerText, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task OpenApiDocument_DescribesKindsFiltersAndTheDiffPage()
    {
        var document = await (await Client.GetAsync("/openapi/v1.json")).ReadJsonAsync();

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/changes/{id}/diff.html", out var diffPage));
        Assert.True(diffPage.GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/html", out _));
        var parameters = paths.GetProperty("/api/changes").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("kind", parameters);
        Assert.Contains("minWords", parameters);
        var text = document.GetProperty("components").GetProperty("schemas").GetRawText();
        Assert.Contains("\"moved\"", text, StringComparison.Ordinal);
    }

    /// <summary>One citation whose title changes, and then its text (forty → fifty): a title change, then a content change.</summary>
    private async Task<long> TitleThenTextChangedAsync()
    {
        var id = await AddAsync(Site.Url("/press/statement"));
        await CheckAsync(id);
        Site.Title = "Press statement (corrected)";
        await CheckAsync(id);
        Site.Article = "The commission recorded fifty cases of arbitrary detention in January.";
        await CheckAsync(id);
        return id;
    }

    private async Task CheckAsync(long id) =>
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/citations/{id}/check", null)).StatusCode);

    private async Task<List<string>> KindsAsync(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("kind").GetString()!)];
    }

    private async Task<long> AddAsync(string url) =>
        (await (await Client.PostJsonAsync("/api/citations", new { url })).ReadJsonAsync()).GetProperty("id").GetInt64();
}
