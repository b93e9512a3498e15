using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>
/// Passages belong to places (one document citing one source): three documents cite one loopback page, two quoting
/// different sentences of it and one quoting nothing, and every answer that shows a place shows that document's own.
/// </summary>
public sealed class PlacePassagesTests : SiteApiTest
{
    private const string Detention = "recorded forty cases of arbitrary detention";
    private const string Border = "closed the border crossing on Friday";
    private const string DetentionSentence = "The commission recorded forty cases of arbitrary detention in January.";
    private const string BorderSentence = "The ministry closed the border crossing on Friday.";

    [OnBothDatabases]
    public async Task TwoDocumentsQuotingOneSourceAndOneNot_EachPlaceKeepsItsOwnPassageAndStatusAcrossChecks()
    {
        Site.Article = $"{DetentionSentence} {BorderSentence}";
        var url = Site.Url("/press/statement");
        var a = await PostDocumentAsync("Detention report", $"The commission said it \u201c{Detention}\u201d ({url}).");
        var b = await PostDocumentAsync("Border report", $"The ministry said it \u201c{Border}\u201d ({url}).");
        var c = await PostDocumentAsync("Reading list", $"See the press statement ({url}) for the background.");
        Assert.Equal(a.CitationId, b.CitationId);
        Assert.Equal(a.CitationId, c.CitationId);
        var id = a.CitationId;
        var documents = new[] { a.Id, b.Id, c.Id };

        // Before any check: each place has its own passage, not looked for yet (so the source's status is not known); the
        // one that quotes nothing says none.
        await AssertPlacesAsync(id, documents, [(Detention, null), (Border, null), (null, "none")], citationStatus: null, citationQuote: Detention);

        await CheckAsync(id);
        await AssertPlacesAsync(id, documents, [(Detention, "found"), (Border, "found"), (null, "none")], "found", Detention);

        // The first passage is edited; the second still stands.
        Site.Article = $"The commission recorded forty-one cases of arbitrary detention in January. {BorderSentence}";
        await CheckAsync(id);
        await AssertPlacesAsync(id, documents, [(Detention, "altered"), (Border, "found"), (null, "none")], "altered", Detention);
        var citation = await GetAsync($"/api/citations/{id}");
        Assert.Contains("forty-one", citation.GetProperty("quoteMatch").GetString(), StringComparison.Ordinal);

        // The first passage is back as quoted, the second is edited: the source's passage is now the second document's.
        Site.Article = $"{DetentionSentence} The ministry closed the border crossing on Monday.";
        await CheckAsync(id);
        await AssertPlacesAsync(id, documents, [(Detention, "found"), (Border, "altered"), (null, "none")], "altered", Border);
        Assert.Contains("Monday", (await GetAsync($"/api/citations/{id}")).GetProperty("quoteMatch").GetString(), StringComparison.Ordinal);

        // The second passage is removed.
        Site.Article = DetentionSentence;
        await CheckAsync(id);
        await AssertPlacesAsync(id, documents, [(Detention, "found"), (Border, "missing"), (null, "none")], "missing", Border);

        // And then the first.
        Site.Article = "The commission published its annual report.";
        await CheckAsync(id);
        await AssertPlacesAsync(id, documents, [(Detention, "missing"), (Border, "missing"), (null, "none")], "missing", Detention);

        // Each document's report counts its own passage only.
        var reportA = await GetAsync($"/api/documents/{a.Id}/report");
        Assert.Equal(1, reportA.GetProperty("totals").GetProperty("quotesMissing").GetInt32());
        var reportC = await GetAsync($"/api/documents/{c.Id}/report");
        Assert.Equal(0, reportC.GetProperty("totals").GetProperty("quotesMissing").GetInt32());
        Assert.Equal(0, reportC.GetProperty("totals").GetProperty("needAttention").GetInt32());

        // Each move was recorded once, for the place whose passage moved, and a document's changes hold its own only.
        Assert.Equal(
            ["found→missing", "altered→found", "found→altered"],
            await QuoteMovesAsync($"/api/changes?kind=quote&documentId={a.Id}", a.Id));
        Assert.Equal(
            ["altered→missing", "found→altered"],
            await QuoteMovesAsync($"/api/changes?kind=quote&documentId={b.Id}", b.Id));
        Assert.Empty(await QuoteMovesAsync($"/api/changes?kind=quote&documentId={c.Id}", c.Id));
        Assert.Equal(5, (await GetAsync($"/api/citations/{id}/changes?kind=quote")).GetProperty("total").GetInt32());
    }

    [OnBothDatabases]
    public async Task DocumentPassages_AsTheReportShowsThem_AreEachDocumentsOwn()
    {
        Site.Article = $"{DetentionSentence} {BorderSentence}";
        var url = Site.Url("/press/statement");
        var a = await PostDocumentAsync("Detention report", $"The commission said it \u201c{Detention}\u201d ({url}).");
        var b = await PostDocumentAsync("Border report", $"The ministry said it \u201c{Border}\u201d ({url}).");
        var c = await PostDocumentAsync("Reading list", $"See the press statement ({url}) for the background.");
        await CheckAsync(a.CitationId);
        Site.Article = $"The commission recorded forty-one cases of arbitrary detention in January. {BorderSentence}";
        await CheckAsync(a.CitationId);

        var rowA = Assert.Single((await GetAsync($"/api/documents/{a.Id}/report")).GetProperty("citations").EnumerateArray());
        var rowB = Assert.Single((await GetAsync($"/api/documents/{b.Id}/report")).GetProperty("citations").EnumerateArray());
        var rowC = Assert.Single((await GetAsync($"/api/documents/{c.Id}/report")).GetProperty("citations").EnumerateArray());

        Assert.Equal((Detention, "altered"), (rowA.GetProperty("quote").GetString(), rowA.GetProperty("quoteStatus").GetString()));
        Assert.InRange(rowA.GetProperty("quoteSimilarity").GetDouble(), 0.6, 0.99);
        Assert.EndsWith("of its words match).", rowA.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.Equal((Border, "found"), (rowB.GetProperty("quote").GetString(), rowB.GetProperty("quoteStatus").GetString()));
        Assert.Equal(1.0, rowB.GetProperty("quoteSimilarity").GetDouble());
        Assert.DoesNotContain("passage reads differently", rowB.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, rowC.GetProperty("quote").ValueKind);
        Assert.Equal("none", rowC.GetProperty("quoteStatus").GetString());
        Assert.Equal(1, (await GetAsync($"/api/documents/{a.Id}/report")).GetProperty("totals").GetProperty("quotesAltered").GetInt32());
        Assert.Equal(0, (await GetAsync($"/api/documents/{b.Id}/report")).GetProperty("totals").GetProperty("quotesAltered").GetInt32());
        Assert.Equal(0, (await GetAsync($"/api/documents/{c.Id}/report")).GetProperty("totals").GetProperty("quotesAltered").GetInt32());
    }

    [OnBothDatabases]
    public async Task PatchingTheQuoteOfACitationTwoDocumentsCite_Is409NamingBoth_AndChangesNothing()
    {
        var url = Site.Url("/press/statement");
        var a = await PostDocumentAsync("Detention report", $"The commission said it \u201c{Detention}\u201d ({url}).");
        var b = await PostDocumentAsync("Border report", $"See the press statement ({url}) for the background.");

        var response = await Client.PatchAsync($"/api/citations/{a.CitationId}", JsonContent.Create(new { quote = "forty cases" }));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        var problem = await response.ReadJsonAsync();
        var named = problem.GetProperty("documents").EnumerateArray()
            .Select(d => (d.GetProperty("id").GetInt64(), d.GetProperty("title").GetString())).ToList();
        Assert.Equal([(a.Id, "Detention report"), (b.Id, "Border report")], named);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains($"{a.Id} \"Detention report\"", detail, StringComparison.Ordinal);
        Assert.Contains($"{b.Id} \"Border report\"", detail, StringComparison.Ordinal);
        Assert.Contains($"PATCH /api/documents/{{documentId}}/citations/{a.CitationId}", detail, StringComparison.Ordinal);

        // Neither place was touched.
        Assert.Equal(Detention, (await GetAsync($"/api/documents/{a.Id}/citations/{a.CitationId}")).GetProperty("quote").GetString());
        Assert.Equal(JsonValueKind.Null, (await GetAsync($"/api/documents/{b.Id}/citations/{a.CitationId}")).GetProperty("quote").ValueKind);

        // An access date alone is as ambiguous as a passage.
        await ProblemAssert.IsProblemAsync(
            await Client.PatchAsync($"/api/citations/{a.CitationId}", JsonContent.Create(new { accessedAt = "2021-01-20" })), HttpStatusCode.Conflict);
        Assert.Equal(JsonValueKind.Null, (await GetAsync($"/api/citations/{a.CitationId}")).GetProperty("accessedAt").ValueKind);
    }

    [OnBothDatabases]
    public async Task PatchingOneDocumentsPlace_SetsItsPassageAndAccessDateOnly()
    {
        Site.Article = $"{DetentionSentence} {BorderSentence}";
        var url = Site.Url("/press/statement");
        var a = await PostDocumentAsync("Detention report", $"The commission said it \u201c{Detention}\u201d ({url}).");
        var b = await PostDocumentAsync("Border report", $"See the press statement ({url}) for the background.");
        var id = a.CitationId;
        await CheckAsync(id);
        Assert.Equal("found", (await GetAsync($"/api/documents/{a.Id}/citations/{id}")).GetProperty("quoteStatus").GetString());

        var patched = await Client.PatchAsync(
            $"/api/documents/{b.Id}/citations/{id}", JsonContent.Create(new { quote = "  " + Border + " ", accessedAt = "2021-01-20" }));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var place = await patched.ReadJsonAsync();
        Assert.Equal(id, place.GetProperty("id").GetInt64());
        Assert.Equal(Border, place.GetProperty("quote").GetString());
        Assert.Equal(JsonValueKind.Null, place.GetProperty("quoteStatus").ValueKind);
        Assert.Equal(new DateTimeOffset(2021, 1, 20, 0, 0, 0, TimeSpan.Zero), place.GetProperty("accessedAt").GetDateTimeOffset());
        Assert.Equal(place.ToString(), (await GetAsync($"/api/documents/{b.Id}/citations/{id}")).ToString());

        // The other document's place is as it was: its passage, its verdict, no access date.
        var other = await GetAsync($"/api/documents/{a.Id}/citations/{id}");
        Assert.Equal((Detention, "found"), (other.GetProperty("quote").GetString(), other.GetProperty("quoteStatus").GetString()));
        Assert.Equal(JsonValueKind.Null, other.GetProperty("accessedAt").ValueKind);

        // The citation's access date is the earliest of its places'; its documents each show their own.
        var citation = await GetAsync($"/api/citations/{id}");
        Assert.Equal(new DateTimeOffset(2021, 1, 20, 0, 0, 0, TimeSpan.Zero), citation.GetProperty("accessedAt").GetDateTimeOffset());
        var entries = citation.GetProperty("documents").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.Null, entries[a.Id].GetProperty("accessedAt").ValueKind);
        Assert.Equal(new DateTimeOffset(2021, 1, 20, 0, 0, 0, TimeSpan.Zero), entries[b.Id].GetProperty("accessedAt").GetDateTimeOffset());
        Assert.Equal(Border, entries[b.Id].GetProperty("quote").GetString());

        // The next check looks for the new passage in its own place.
        Site.Article = DetentionSentence;
        await CheckAsync(id);
        Assert.Equal("missing", (await GetAsync($"/api/documents/{b.Id}/citations/{id}")).GetProperty("quoteStatus").GetString());
        Assert.Equal("found", (await GetAsync($"/api/documents/{a.Id}/citations/{id}")).GetProperty("quoteStatus").GetString());

        // The access date alone can change, and be cleared, without touching the passage.
        var dateOnly = await (await Client.PatchAsync($"/api/documents/{b.Id}/citations/{id}", JsonContent.Create(new { accessedAt = "2022-03-04T10:00:00Z" }))).ReadJsonAsync();
        Assert.Equal((Border, "missing"), (dateOnly.GetProperty("quote").GetString(), dateOnly.GetProperty("quoteStatus").GetString()));
        Assert.Equal(new DateTimeOffset(2022, 3, 4, 10, 0, 0, TimeSpan.Zero), dateOnly.GetProperty("accessedAt").GetDateTimeOffset());
        using var clear = new StringContent("{ \"accessedAt\": null }", System.Text.Encoding.UTF8, "application/json");
        var cleared = await (await Client.PatchAsync($"/api/documents/{b.Id}/citations/{id}", clear)).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("accessedAt").ValueKind);
        Assert.Equal(Border, cleared.GetProperty("quote").GetString());
    }

    [OnBothDatabases]
    public async Task PlaceOfADocumentThatDoesNotCiteTheCitation_Is404Problem()
    {
        var a = await PostDocumentAsync("Detention report", $"The commission said it \u201c{Detention}\u201d ({Site.Url("/press/statement")}).");
        var elsewhere = await PostDocumentAsync("Other report", $"A plain report ({Site.Url("/report.txt")}).");

        var patch = await Client.PatchAsync($"/api/documents/{elsewhere.Id}/citations/{a.CitationId}", JsonContent.Create(new { quote = "forty cases" }));
        var get = await Client.GetAsync($"/api/documents/{elsewhere.Id}/citations/{a.CitationId}");
        var noDocument = await Client.PatchAsync($"/api/documents/987654/citations/{a.CitationId}", JsonContent.Create(new { quote = "forty cases" }));
        var noCitation = await Client.GetAsync($"/api/documents/{a.Id}/citations/987654");

        await ProblemAssert.IsProblemAsync(patch, HttpStatusCode.NotFound);
        Assert.Contains($"Document {elsewhere.Id} does not cite citation {a.CitationId}", (await patch.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(get, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(noDocument, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(noCitation, HttpStatusCode.NotFound);
        // Nothing was added to the document that does not cite the source, nor changed where it is cited.
        Assert.Equal([elsewhere.CitationId], (await GetAsync($"/api/documents/{elsewhere.Id}")).GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()));
        Assert.Equal(Detention, (await GetAsync($"/api/documents/{a.Id}/citations/{a.CitationId}")).GetProperty("quote").GetString());
    }

    [OnBothDatabasesTheory]
    [InlineData("{ \"accessedAt\": \"yesterday\" }")]
    [InlineData("{ \"accessedAt\": \"2021-13-40\" }")]
    [InlineData("{ \"accessedAt\": 20210120 }")]
    [InlineData("{ \"accessedAt\": \"\" }")]
    [InlineData("{ \"quote\": \"forty cases\", \"accessedAt\": \"19 de enero\" }")]
    public async Task PatchingAPlaceWithABadAccessDate_Is400NamingIt_AndChangesNothing(string body)
    {
        var a = await PostDocumentAsync("Detention report", $"The commission said it \u201c{Detention}\u201d ({Site.Url("/press/statement")}).");
        using (var set = new StringContent("{ \"accessedAt\": \"2021-01-20\" }", System.Text.Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.PatchAsync($"/api/documents/{a.Id}/citations/{a.CitationId}", set)).StatusCode);
        }

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(
            await Client.PatchAsync($"/api/documents/{a.Id}/citations/{a.CitationId}", content), HttpStatusCode.BadRequest, "accessedAt");

        var place = await GetAsync($"/api/documents/{a.Id}/citations/{a.CitationId}");
        Assert.Equal(Detention, place.GetProperty("quote").GetString());
        Assert.Equal(new DateTimeOffset(2021, 1, 20, 0, 0, 0, TimeSpan.Zero), place.GetProperty("accessedAt").GetDateTimeOffset());
    }

    [OnBothDatabases]
    public async Task AddingACitationWithAQuoteForADocument_SetsThatDocumentsPassageOnly()
    {
        Site.Article = $"{DetentionSentence} {BorderSentence}";
        var url = Site.Url("/press/statement");
        var a = await PostDocumentAsync("Detention report", "No sources yet.");
        var b = await PostDocumentAsync("Border report", "No sources yet either.");

        var first = await Client.PostJsonAsync("/api/citations", new { url, documentId = a.Id, context = "IACHR statement", quote = Detention });
        var second = await Client.PostJsonAsync("/api/citations", new { url, documentId = b.Id, context = "IACHR statement", quote = Border });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var id = (await first.ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal(id, (await second.ReadJsonAsync()).GetProperty("id").GetInt64());
        Site.Article = DetentionSentence;
        await CheckAsync(id);
        var entries = (await GetAsync($"/api/citations/{id}")).GetProperty("documents").EnumerateArray()
            .Select(d => (d.GetProperty("id").GetInt64(), d.GetProperty("quote").GetString(), d.GetProperty("quoteStatus").GetString()));
        Assert.Equal([(a.Id, Detention, "found"), (b.Id, Border, "missing")], entries);
    }

    /// <summary>
    /// Asserts each document's place as the document shows it, as the place's own endpoint, the document's report and the
    /// citation's <c>documents</c> show it (all the same), and the citation's own worst status and its passage.
    /// </summary>
    private async Task AssertPlacesAsync(
        long citationId, long[] documents, (string? Quote, string? Status)[] expected, string? citationStatus, string? citationQuote)
    {
        var citation = await GetAsync($"/api/citations/{citationId}");
        var entries = citation.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(documents, entries.Select(e => e.GetProperty("id").GetInt64()));
        Assert.Equal(documents.Length, citation.GetProperty("documentCount").GetInt32());
        for (var i = 0; i < documents.Length; i++)
        {
            var document = await GetAsync($"/api/documents/{documents[i]}");
            var inDocument = Assert.Single(document.GetProperty("citations").EnumerateArray());
            Assert.Equal(citationId, inDocument.GetProperty("id").GetInt64());
            var place = await GetAsync($"/api/documents/{documents[i]}/citations/{citationId}");
            var reported = Assert.Single((await GetAsync($"/api/documents/{documents[i]}/report")).GetProperty("citations").EnumerateArray());

            var label = $"document {documents[i]}";
            Assert.Equal(expected[i], Passage(inDocument));
            Assert.Equal((label, expected[i]), (label, Passage(place)));
            Assert.Equal((label, expected[i]), (label, Passage(reported)));
            Assert.Equal((label, expected[i]), (label, Passage(entries[i])));
            Assert.Equal(1, entries[i].GetProperty("occurrences").GetInt32());
        }

        Assert.Equal(citationStatus, citation.GetProperty("quoteStatus").GetString());
        Assert.Equal(citationQuote, citation.GetProperty("quote").GetString());
    }

    private static (string? Quote, string? Status) Passage(JsonElement place) =>
        (place.GetProperty("quote").GetString(), place.GetProperty("quoteStatus").GetString());

    /// <summary>The quote changes of a list, newest first, as "from→to", each asserted to name <paramref name="documentId"/>.</summary>
    private async Task<List<string>> QuoteMovesAsync(string url, long documentId)
    {
        var items = (await GetAsync(url)).GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal("quote", i.GetProperty("kind").GetString()));
        Assert.All(items, i => Assert.Equal(documentId, i.GetProperty("documentId").GetInt64()));
        return [.. items.Select(i => $"{i.GetProperty("fromQuoteStatus").GetString()}→{i.GetProperty("toQuoteStatus").GetString()}")];
    }

    private async Task<(long Id, long CitationId)> PostDocumentAsync(string title, string text)
    {
        var response = await Client.PostJsonAsync("/api/documents", new { title, text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var document = await response.ReadJsonAsync();
        var citations = document.GetProperty("citations").EnumerateArray().ToList();
        return (document.GetProperty("id").GetInt64(), citations.Count == 0 ? 0 : citations[0].GetProperty("id").GetInt64());
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }

    private async Task CheckAsync(long id)
    {
        var response = await Client.PostAsync($"/api/citations/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.ReadJsonAsync()).GetProperty("status").GetString());
    }
}
