using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Citations;

public sealed class CitationsApiTests : SiteApiTest
{
    [OnBothDatabases]
    public async Task AddingCitation_Returns201ThenTheExistingOneFor200()
    {
        var first = await Client.PostJsonAsync("/api/citations", new { url = "https://www.example.org/a?utm_source=x&id=3#top" });
        var again = await Client.PostJsonAsync("/api/citations", new { url = "http://WWW.example.org/a?id=3" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var created = await first.ReadJsonAsync();
        var existing = await again.ReadJsonAsync();
        Assert.Equal(created.GetProperty("id").GetInt64(), existing.GetProperty("id").GetInt64());
        Assert.Equal("https://www.example.org/a?id=3", existing.GetProperty("normalizedUrl").GetString());
        Assert.Equal("https://www.example.org/a?utm_source=x&id=3#top", existing.GetProperty("url").GetString());
        Assert.Equal("unknown", existing.GetProperty("health").GetString());
        Assert.Equal(0, existing.GetProperty("checkCount").GetInt32());
    }

    [OnBothDatabases]
    public async Task AddingTheSamePlaceTwice_RecordsItOnce()
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new { title = "d", text = "no links here" })).ReadJsonAsync();
        var body = new { url = "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", documentId = document.GetProperty("id").GetInt64(), context = "IACHR press release 27/20" };

        await Client.PostJsonAsync("/api/citations", body);
        var again = await (await Client.PostJsonAsync("/api/citations", body)).ReadJsonAsync();
        var elsewhere = await (await Client.PostJsonAsync("/api/citations", body with { context = "cited again, in the conclusions" })).ReadJsonAsync();

        // One place per document: a second context in the same document adds an occurrence, not an entry.
        Assert.Equal(1, again.GetProperty("documents")[0].GetProperty("occurrences").GetInt32());
        var place = Assert.Single(elsewhere.GetProperty("documents").EnumerateArray());
        Assert.Equal(2, place.GetProperty("occurrences").GetInt32());
        Assert.Equal(1, elsewhere.GetProperty("documentCount").GetInt32());
    }

    [OnBothDatabases]
    public async Task CitingAnHttpSourceAgainAsHttps_KeepsCheckingItOverHttp()
    {
        var first = await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/press/statement") })).ReadJsonAsync();
        var again = await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/press/statement").Replace("http://", "https://", StringComparison.Ordinal) })).ReadJsonAsync();

        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.StartsWith("http://", again.GetProperty("normalizedUrl").GetString(), StringComparison.Ordinal);
    }

    [OnBothDatabasesTheory]
    [InlineData("not a url")]
    [InlineData("ftp://example.org/file")]
    [InlineData("javascript:alert(1)")]
    public async Task AddingMalformedUrl_ReturnsProblemNamingUrl(string url) =>
        await ProblemAssert.IsProblemAsync(await Client.PostJsonAsync("/api/citations", new { url }), HttpStatusCode.BadRequest, "url");

    [OnBothDatabases]
    public async Task AddingCitationToUnknownDocument_ReturnsProblemNamingDocumentId() =>
        await ProblemAssert.IsProblemAsync(
            await Client.PostJsonAsync("/api/citations", new { url = "https://example.org/", documentId = 999 }),
            HttpStatusCode.BadRequest, "documentId");

    [OnBothDatabases]
    public async Task CheckingCitation_RecordsCheckSnapshotAndText()
    {
        var id = await AddAsync(Site.Url("/press/statement"));

        var response = await Client.PostAsync($"/api/citations/{id}/check", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = await response.ReadJsonAsync();
        Assert.Equal("ok", check.GetProperty("status").GetString());
        Assert.Equal(200, check.GetProperty("httpStatus").GetInt32());
        Assert.Equal(id, check.GetProperty("citationId").GetInt64());
        Assert.False(check.GetProperty("contentChanged").GetBoolean());
        var snapshotId = check.GetProperty("snapshotId").GetInt64();

        var snapshot = await (await Client.GetAsync($"/api/snapshots/{snapshotId}")).ReadJsonAsync();
        Assert.Equal("Press statement", snapshot.GetProperty("title").GetString());
        Assert.Equal(64, snapshot.GetProperty("sha256").GetString()!.Length);
        Assert.False(snapshot.GetProperty("truncated").GetBoolean());

        var raw = await Client.GetAsync($"/api/snapshots/{snapshotId}/raw");
        Assert.Equal("text/html", raw.Content.Headers.ContentType!.MediaType);
        var bytes = await raw.Content.ReadAsByteArrayAsync();
        Assert.Equal(snapshot.GetProperty("byteLength").GetInt64(), bytes.LongLength);
        Assert.Equal(snapshot.GetProperty("sha256").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));

        var text = await Client.GetAsync($"/api/snapshots/{snapshotId}/text");
        Assert.Equal("text/plain", text.Content.Headers.ContentType!.MediaType);
        var body = await text.Content.ReadAsStringAsync();
        Assert.Contains("forty cases of arbitrary detention", body);
        Assert.DoesNotContain("Visitors", body);

        var citation = await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync();
        Assert.Equal("healthy", citation.GetProperty("health").GetString());
        Assert.Equal("ok", citation.GetProperty("lastStatus").GetString());
        Assert.Equal(1, citation.GetProperty("checkCount").GetInt32());
        Assert.Equal(1, citation.GetProperty("snapshotCount").GetInt32());
        Assert.Equal("Press statement", citation.GetProperty("title").GetString());
        Assert.NotEqual(JsonValueKindNull, citation.GetProperty("lastOkAt").ValueKind);
    }

    [OnBothDatabases]
    public async Task EditedPage_IsListedAsChangeWithItsWords()
    {
        var id = await AddAsync(Site.Url("/press/statement"));
        await Client.PostAsync($"/api/citations/{id}/check", null);
        await Client.PostAsync($"/api/citations/{id}/check", null);
        Site.Article = "The commission recorded fifty cases of arbitrary detention in January.";

        var check = await (await Client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();

        Assert.True(check.GetProperty("contentChanged").GetBoolean());
        var changes = await (await Client.GetAsync($"/api/citations/{id}/changes")).ReadJsonAsync();
        Assert.Equal(1, changes.GetProperty("total").GetInt32());
        var change = changes.GetProperty("items")[0];
        Assert.Equal(1, change.GetProperty("insertedWords").GetInt32());
        Assert.Equal(1, change.GetProperty("deletedWords").GetInt32());
        var similarity = change.GetProperty("similarity").GetDouble();
        Assert.InRange(similarity, 0.5, 0.999);
        var diff = change.GetProperty("diff").EnumerateArray().ToList();
        Assert.Contains(diff, d => d.GetProperty("type").GetString() == "delete" && d.GetProperty("text").GetString()!.Contains("forty", StringComparison.Ordinal));
        Assert.Contains(diff, d => d.GetProperty("type").GetString() == "insert" && d.GetProperty("text").GetString()!.Contains("fifty", StringComparison.Ordinal));

        var single = await (await Client.GetAsync($"/api/changes/{change.GetProperty("id").GetInt64()}")).ReadJsonAsync();
        Assert.Equal(check.GetProperty("snapshotId").GetInt64(), single.GetProperty("toSnapshotId").GetInt64());

        var all = await (await Client.GetAsync("/api/changes?since=2000-01-01")).ReadJsonAsync();
        Assert.Equal(1, all.GetProperty("total").GetInt32());
        var none = await (await Client.GetAsync("/api/changes?until=2000-01-01")).ReadJsonAsync();
        Assert.Equal(0, none.GetProperty("total").GetInt32());

        var citation = await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync();
        Assert.Equal(1, citation.GetProperty("changeCount").GetInt32());
        var changedRecently = await (await Client.GetAsync("/api/citations?changedSince=2000-01-01")).ReadJsonAsync();
        Assert.Equal(1, changedRecently.GetProperty("total").GetInt32());
    }

    [OnBothDatabases]
    public async Task VolatileLines_AreListedOnceLearned()
    {
        var id = await AddAsync(Site.Url("/counter"));
        Assert.Equal(0, (await (await Client.GetAsync($"/api/citations/{id}/volatile")).ReadJsonAsync()).GetProperty("total").GetInt32());

        for (var i = 0; i < 3; i++)
        {
            var check = await (await Client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();
            Assert.False(check.GetProperty("contentChanged").GetBoolean());
        }

        var volatileLines = await (await Client.GetAsync($"/api/citations/{id}/volatile")).ReadJsonAsync();
        var line = Assert.Single(volatileLines.GetProperty("items").EnumerateArray());
        Assert.Equal("Visto 0 veces", line.GetProperty("shape").GetString());
        Assert.StartsWith("Visto ", line.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await Client.GetAsync($"/api/citations/{id}/changes")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [OnBothDatabases]
    public async Task MissingPage_IsNotFoundAndDegraded()
    {
        var id = await AddAsync(Site.Url("/missing"));

        var check = await (await Client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();

        Assert.Equal("not_found", check.GetProperty("status").GetString());
        Assert.Equal(404, check.GetProperty("httpStatus").GetInt32());
        var citation = await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync();
        Assert.Equal("degraded", citation.GetProperty("health").GetString());
        Assert.Equal(1, citation.GetProperty("consecutiveFailures").GetInt32());
        var checks = await (await Client.GetAsync($"/api/citations/{id}/checks")).ReadJsonAsync();
        Assert.Equal(1, checks.GetProperty("total").GetInt32());
    }

    [OnBothDatabases]
    public async Task ListingCitations_FiltersByHealthStatusHostDocumentAndText()
    {
        var okId = await AddAsync(Site.Url("/press/statement"));
        var missingId = await AddAsync(Site.Url("/missing"));
        await AddAsync("https://elsewhere.example.org/item");
        await Client.PostAsync($"/api/citations/{okId}/check", null);
        await Client.PostAsync($"/api/citations/{missingId}/check", null);
        var document = await (await Client.PostJsonAsync("/api/documents", new { title = "d", text = "cites https://elsewhere.example.org/item only" })).ReadJsonAsync();

        Assert.Equal([okId], await IdsAsync("/api/citations?health=healthy"));
        Assert.Equal([missingId], await IdsAsync("/api/citations?status=not_found"));
        Assert.Equal(2, (await IdsAsync("/api/citations?host=127.0.0.1")).Count);
        Assert.Single(await IdsAsync($"/api/citations?documentId={document.GetProperty("id").GetInt64()}"));
        Assert.Single(await IdsAsync("/api/citations?q=ELSEWHERE"));
        Assert.Equal([okId], await IdsAsync("/api/citations?q=press%20statement"));
        Assert.Equal(3, (await IdsAsync("/api/citations")).Count);
        Assert.Single(await IdsAsync("/api/citations?health=unknown&pageSize=10"));
    }

    [OnBothDatabases]
    public async Task SearchingCitations_FoldsCaseInEveryScript()
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new { title = "d", text = "La Secretaría de Relaciones Exteriores (MÉXICO): https://example.gob.mx/comunicado" })).ReadJsonAsync();

        Assert.Single(await IdsAsync("/api/citations?q=" + Uri.EscapeDataString("relaciones exteriores (méxico)")));
        Assert.Single(await IdsAsync("/api/citations?q=" + Uri.EscapeDataString("SECRETARÍA")));
        Assert.Empty(await IdsAsync("/api/citations?q=" + Uri.EscapeDataString("100%")));
        Assert.NotEqual(0, document.GetProperty("id").GetInt64());
    }

    [OnBothDatabases]
    public async Task ListingCitations_PagesNewestFirst()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await AddAsync($"https://example.org/{i}"));
        }

        var page = await (await Client.GetAsync("/api/citations?page=2&pageSize=2")).ReadJsonAsync();

        Assert.Equal(5, page.GetProperty("total").GetInt32());
        Assert.Equal([ids[2], ids[1]], page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
    }

    [OnBothDatabasesTheory]
    [InlineData("/api/citations?health=sick", "health")]
    [InlineData("/api/citations?status=soft404", "status")]
    [InlineData("/api/citations?documentId=-1", "documentId")]
    [InlineData("/api/citations?changedSince=yesterday", "changedSince")]
    [InlineData("/api/citations?page=-1", "page")]
    [InlineData("/api/citations?pageSize=0", "pageSize")]
    [InlineData("/api/changes?since=31/12/2025", "since")]
    [InlineData("/api/changes?since=2026-02-01&until=2026-01-01", "until")]
    public async Task BadQueryParameter_ReturnsProblemNamingIt(string url, string field) =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync(url), HttpStatusCode.BadRequest, field);

    [OnBothDatabasesTheory]
    [InlineData("/api/citations/987654")]
    [InlineData("/api/citations/987654/checks")]
    [InlineData("/api/citations/987654/snapshots")]
    [InlineData("/api/citations/987654/changes")]
    [InlineData("/api/citations/987654/volatile")]
    [InlineData("/api/snapshots/987654")]
    [InlineData("/api/snapshots/987654/raw")]
    [InlineData("/api/snapshots/987654/text")]
    [InlineData("/api/changes/987654")]
    [InlineData("/api/changes/987654/diff.html")]
    public async Task UnknownId_ReturnsNotFoundProblem(string url) =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync(url), HttpStatusCode.NotFound);

    [OnBothDatabases]
    public async Task CheckingCitationWhileItIsBeingChecked_ReturnsConflictProblem()
    {
        var id = await AddAsync(Site.Url("/slow"));
        var running = Client.PostAsync($"/api/citations/{id}/check", null);
        Assert.True(await Site.SlowRequestArrived.WaitAsync(TimeSpan.FromSeconds(10)));

        var second = await Client.PostAsync($"/api/citations/{id}/check", null);

        await ProblemAssert.IsProblemAsync(second, HttpStatusCode.Conflict);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/citations/{id}/check", null)).StatusCode);
    }

    [OnBothDatabases]
    public async Task CheckingUnknownCitation_ReturnsNotFoundProblem() =>
        await ProblemAssert.IsProblemAsync(await Client.PostAsync("/api/citations/987654/check", null), HttpStatusCode.NotFound);

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    private async Task<long> AddAsync(string url) =>
        (await (await Client.PostJsonAsync("/api/citations", new { url })).ReadJsonAsync()).GetProperty("id").GetInt64();

    private async Task<List<long>> IdsAsync(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt64())];
    }
}
