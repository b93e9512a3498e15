using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>
/// A document's life, through the API with the scheduler running: corrected with PATCH, retired with DELETE together
/// with the sources no other document cites (and no one watches on their own), and a retired source cited again brought
/// back.
/// </summary>
public sealed class DocumentLifeTests : SchedulerApiTest
{
    [OnBothDatabases]
    public async Task RetiredDocument_RetiresOnlyTheSourcesNoOtherDocumentCites_AndStaysReadable()
    {
        var retired = await PostDocumentAsync("Old statement", $"See {Site.Url("/only-here")}, {Site.Url("/shared")} and {Site.Url("/watched")}.");
        var kept = await PostDocumentAsync("Current statement", $"See {Site.Url("/shared")}.");
        var onlyHere = await CitationIdAsync("/only-here");
        var shared = await CitationIdAsync("/shared");
        // Watched on its own as well: a person asked for it, whatever documents say.
        var watched = (await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/watched") })).ReadJsonAsync()).GetProperty("id").GetInt64();
        await WaitForHitsAsync("/only-here", 1);

        var delete = await Client.DeleteAsync($"/api/documents/{retired}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AssertQuietAsync("/only-here", whileStillChecked: "/shared");
        Assert.True((await GetAsync($"/api/citations/{onlyHere}")).GetProperty("retired").GetBoolean());
        Assert.False((await GetAsync($"/api/citations/{shared}")).GetProperty("retired").GetBoolean());
        Assert.False((await GetAsync($"/api/citations/{watched}")).GetProperty("retired").GetBoolean());
        var entry = Assert.Single(await AuditItemsAsync(onlyHere));
        Assert.Equal(("retired", retired), (entry.GetProperty("field").GetString(), entry.GetProperty("documentId").GetInt64()));

        // The document: readable by id, retired, with its places; left out of the list unless asked for.
        var document = await GetAsync($"/api/documents/{retired}");
        Assert.True(document.GetProperty("retired").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, document.GetProperty("retiredAt").ValueKind);
        Assert.Equal(3, document.GetProperty("citations").GetArrayLength());
        Assert.False((await GetAsync($"/api/documents/{kept}")).GetProperty("retired").GetBoolean());
        Assert.Equal([kept], await IdsAsync("/api/documents"));
        Assert.Equal([retired], await IdsAsync("/api/documents?retired=true"));
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/documents/{retired}/report")).StatusCode);

        // Again: nothing more happens. A document that does not exist: 404.
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/documents/{retired}")).StatusCode);
        Assert.Single(await AuditItemsAsync(onlyHere));
        await ProblemAssert.IsProblemAsync(await Client.DeleteAsync("/api/documents/987654"), HttpStatusCode.NotFound);

        // The kept document retired too: now the shared source has no document left, and goes; the watched one stays.
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/documents/{kept}")).StatusCode);
        Assert.True((await GetAsync($"/api/citations/{shared}")).GetProperty("retired").GetBoolean());
        Assert.Equal([watched], await IdsAsync("/api/citations"));
    }

    [OnBothDatabases]
    public async Task RetiredSource_CitedByANewDocument_IsBackAndCheckedAgain()
    {
        var first = await PostDocumentAsync("First", $"See {Site.Url("/again")}.");
        var id = await CitationIdAsync("/again");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/documents/{first}")).StatusCode);
        await AssertQuietAsync("/again");

        var second = await PostDocumentAsync("Second", $"As before, {Site.Url("/again")}.");

        var place = (await GetAsync($"/api/documents/{second}")).GetProperty("citations")[0];
        Assert.Equal(id, place.GetProperty("id").GetInt64());
        Assert.False(place.GetProperty("retired").GetBoolean());
        var hits = Site.Hits("/again");
        await WaitForHitsAsync("/again", hits + 1);
        var audit = await AuditItemsAsync(id);
        Assert.Equal(
            [("retired", first, "false", "true"), ("retired", second, "true", "false")],
            audit.Select(a => (a.GetProperty("field").GetString(), a.GetProperty("documentId").GetInt64(), a.GetProperty("before").GetRawText(), a.GetProperty("after").GetRawText())).Reverse());
    }

    [OnBothDatabases]
    public async Task DocumentCorrected_ChangesOnlyTheFieldsGiven_AndValidatesThemAsAPost()
    {
        var id = await PostDocumentAsync("Statment", $"See {Site.Url("/own")} and {Site.Url("/cited")}.");

        var corrected = await PatchAsync($"/api/documents/{id}", new { title = "  Statement  ", sourceUrl = Site.Url("/own") });

        Assert.Equal("Statement", corrected.GetProperty("title").GetString());
        Assert.Equal(Site.Url("/own"), corrected.GetProperty("sourceUrl").GetString());
        Assert.Equal(JsonValueKind.Null, corrected.GetProperty("publishedAt").ValueKind);
        // The place of its own address now says so.
        Assert.Equal([true, false], corrected.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("self").GetBoolean()));

        var dated = await PatchAsync($"/api/documents/{id}", new { publishedAt = "2021-01-31" });
        Assert.Equal(new DateTimeOffset(2021, 1, 31, 0, 0, 0, TimeSpan.Zero), dated.GetProperty("publishedAt").GetDateTimeOffset());
        Assert.Equal("Statement", dated.GetProperty("title").GetString());

        var cleared = await PatchAsync($"/api/documents/{id}", new { sourceUrl = (string?)null, publishedAt = (string?)null });
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("sourceUrl").ValueKind);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("publishedAt").ValueKind);
        Assert.Equal("Statement", cleared.GetProperty("title").GetString());

        // The same checks as POST /api/documents, and nothing changed by a refused request.
        foreach (var (field, value) in new (string, object?)[]
        {
            ("sourceUrl", "ftp://example.org/report.pdf"), ("sourceUrl", "http://user:secret@example.org/"), ("publishedAt", "the nineteenth"),
            ("title", ""), ("title", new string('t', 1001)), ("title", null),
        })
        {
            var body = new Dictionary<string, object?> { [field] = value, ["publishedAt"] = field == "publishedAt" ? value : "2020-01-01" };
            await ProblemAssert.IsProblemAsync(await Client.PatchAsync($"/api/documents/{id}", JsonContent.Create(body)), HttpStatusCode.BadRequest, field);
        }

        Assert.Equal(JsonValueKind.Null, (await GetAsync($"/api/documents/{id}")).GetProperty("publishedAt").ValueKind);
        await ProblemAssert.IsProblemAsync(
            await Client.PatchAsync("/api/documents/987654", JsonContent.Create(new { title = "x" })), HttpStatusCode.NotFound);
    }

    private async Task<long> PostDocumentAsync(string title, string text)
    {
        var response = await Client.PostJsonAsync("/api/documents", new { title, text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    private async Task<long> CitationIdAsync(string path) =>
        (await GetAsync("/api/citations?pageSize=500")).GetProperty("items").EnumerateArray()
            .Single(c => c.GetProperty("url").GetString() == Site.Url(path)).GetProperty("id").GetInt64();

    private async Task<List<JsonElement>> AuditItemsAsync(long id) =>
        [.. (await GetAsync($"/api/citations/{id}/audit")).GetProperty("items").EnumerateArray()];
}
