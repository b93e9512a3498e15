using System.Net;
using System.Xml.Linq;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;
using Dapper;

namespace CitationMonitor.Api.Tests.Changes;

/// <summary><c>GET /api/changes.atom</c> and <c>GET /api/citations/{id}/health</c>.</summary>
public sealed class ChangesFeedTests() : SiteApiTest(new Dictionary<string, string?>
{
    ["Monitor:Health:BrokenAfterFailures"] = "1",
    ["Monitor:Health:BrokenAfter"] = "00:00:00",
})
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [OnBothDatabases]
    public async Task Feed_IsAtomWithAnEntryPerChangeLinkingToItsDiffPage()
    {
        var id = await AddAsync(Site.Url("/press/statement"));
        await CheckAsync(id);
        Site.Article = "The commission recorded fifty cases of arbitrary detention in January.";
        await CheckAsync(id);

        var response = await Client.GetAsync("/api/changes.atom");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.False(string.IsNullOrEmpty(feed.Element(Atom + "id")?.Value));
        Assert.False(string.IsNullOrEmpty(feed.Element(Atom + "title")?.Value));
        Assert.True(DateTimeOffset.TryParse(feed.Element(Atom + "updated")?.Value, out _));
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self" && ((string?)l.Attribute("href"))!.EndsWith("/api/changes.atom", StringComparison.Ordinal));
        var entry = Assert.Single(feed.Elements(Atom + "entry"));
        var href = (string?)entry.Element(Atom + "link")!.Attribute("href");
        Assert.True(Uri.TryCreate(href, UriKind.Absolute, out var link), $"'{href}' is not absolute");
        Assert.Equal("/api/changes/1/diff.html", link.AbsolutePath);
        Assert.Contains(Site.Url("/press/statement"), entry.Element(Atom + "title")!.Value, StringComparison.Ordinal);
        Assert.Contains("1 word inserted, 1 deleted", entry.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
        Assert.Contains(entry.Elements(Atom + "category"), c => (string?)c.Attribute("term") == "content");
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(link.PathAndQuery)).StatusCode);
    }

    [OnBothDatabases]
    public async Task Feed_HasAnEntryWhenASourceBreaksAndWhenItRecovers_NewestFirst()
    {
        var id = await AddAsync(Site.Url("/press/statement"));
        await CheckAsync(id);
        await UseUrlAsync(id, Site.Url("/missing"));
        await CheckAsync(id);
        await UseUrlAsync(id, Site.Url("/press/statement"));
        await CheckAsync(id);

        var feed = XDocument.Parse(await Client.GetStringAsync("/api/changes.atom")).Root!;

        var titles = feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value).ToList();
        Assert.Equal(2, titles.Count);
        Assert.StartsWith("Source recovered: ", titles[0], StringComparison.Ordinal);
        Assert.StartsWith("Source broken: ", titles[1], StringComparison.Ordinal);
        var link = (string?)feed.Element(Atom + "entry")!.Element(Atom + "link")!.Attribute("href");
        Assert.EndsWith($"/api/citations/{id}", link, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task Feed_LimitAndDocumentFilter_LeaveTheRestOut()
    {
        var document = (await (await Client.PostJsonAsync("/api/documents", new
        {
            title = "Report",
            text = $"As the statement said ({Site.Url("/press/statement")}), ...",
        })).ReadJsonAsync()).GetProperty("id").GetInt64();
        var inDocument = await AddAsync(Site.Url("/press/statement"));
        var elsewhere = await AddAsync(Site.Url("/missing"));
        await CheckAsync(elsewhere);
        await CheckAsync(inDocument);
        Site.Article = "The commission recorded fifty cases of arbitrary detention in January.";
        await CheckAsync(inDocument);

        var all = XDocument.Parse(await Client.GetStringAsync("/api/changes.atom")).Root!;
        var limited = XDocument.Parse(await Client.GetStringAsync("/api/changes.atom?limit=1")).Root!;
        var ofDocument = XDocument.Parse(await Client.GetStringAsync($"/api/changes.atom?documentId={document}")).Root!;
        var ofNone = XDocument.Parse(await Client.GetStringAsync("/api/changes.atom?documentId=999")).Root!;

        Assert.Equal(2, all.Elements(Atom + "entry").Count());
        var newest = Assert.Single(limited.Elements(Atom + "entry"));
        Assert.StartsWith("Source changed", newest.Element(Atom + "title")!.Value, StringComparison.Ordinal);
        var only = Assert.Single(ofDocument.Elements(Atom + "entry"));
        Assert.StartsWith("Source changed", only.Element(Atom + "title")!.Value, StringComparison.Ordinal);
        Assert.Empty(ofNone.Elements(Atom + "entry"));
        Assert.Equal(Atom + "feed", ofNone.Name);
    }

    [OnBothDatabasesTheory]
    [InlineData("/api/changes.atom?limit=0", "limit")]
    [InlineData("/api/changes.atom?limit=501", "limit")]
    [InlineData("/api/changes.atom?limit=ten", "limit")]
    [InlineData("/api/changes.atom?documentId=0", "documentId")]
    [InlineData("/api/changes.atom?documentId=abc", "documentId")]
    [InlineData("/api/citations/1/health?pageSize=501", "pageSize")]
    public async Task BadFeedOrHistoryParameters_ReturnProblemNamingThem(string url, string field) =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync(url), HttpStatusCode.BadRequest, field);

    [OnBothDatabases]
    public async Task HealthHistory_ListsTransitionsNewestFirstWithTheirChecks()
    {
        var id = await AddAsync(Site.Url("/press/statement"));
        var first = await CheckAsync(id);
        await UseUrlAsync(id, Site.Url("/missing"));
        var second = await CheckAsync(id);
        await CheckAsync(id);

        var page = await (await Client.GetAsync($"/api/citations/{id}/health")).ReadJsonAsync();

        Assert.Equal(2, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(("healthy", "broken", second), (items[0].GetProperty("from").GetString(), items[0].GetProperty("to").GetString(), items[0].GetProperty("checkId").GetInt64()));
        Assert.Equal(("unknown", "healthy", first), (items[1].GetProperty("from").GetString(), items[1].GetProperty("to").GetString(), items[1].GetProperty("checkId").GetInt64()));
        Assert.True(items[0].GetProperty("at").GetDateTimeOffset() >= items[1].GetProperty("at").GetDateTimeOffset());
    }

    [OnBothDatabases]
    public async Task HealthHistory_OfAnUnknownCitation_Is404() =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/citations/999/health"), HttpStatusCode.NotFound);

    private async Task UseUrlAsync(long id, string url)
    {
        await using var connection = await Factory.OpenDatabaseAsync();
        await connection.ExecuteAsync("UPDATE citations SET normalized_url = @url WHERE id = @id", new { url, id });
    }

    private async Task<long> CheckAsync(long id)
    {
        var response = await Client.PostAsync($"/api/citations/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    private async Task<long> AddAsync(string url) =>
        (await (await Client.PostJsonAsync("/api/citations", new { url })).ReadJsonAsync()).GetProperty("id").GetInt64();
}
