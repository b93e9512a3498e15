using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>
/// Answers hold a fixed most of everything, whatever was posted: one place per source with at most three contexts, 500
/// places in a document's answer and 20 in a list item, 20 documents under a citation; the rest a page away.
/// </summary>
public sealed class BoundedAnswersTests : ApiTest
{
    private const string Shared = "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp";

    [OnBothDatabases]
    public async Task ADocumentCitingOneUrlAThousandTimes_HasOnePlace_WithThreeContextsAndTheCount()
    {
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => $"Paragraph {i} cites {Shared}?utm_source=p{i} once more.\n"));

        var document = await (await Client.PostJsonAsync("/api/documents", new { title = "Repeats", text })).ReadJsonAsync();

        var place = Assert.Single(document.GetProperty("citations").EnumerateArray());
        Assert.Equal(1000, place.GetProperty("occurrences").GetInt32());
        Assert.Equal(
            ["Paragraph 0 cites", "Paragraph 1 cites", "Paragraph 2 cites"],
            place.GetProperty("contexts").EnumerateArray().Select(c => c.GetString()![..17]));
        Assert.Equal(1, document.GetProperty("byHealth").GetProperty("unknown").GetInt32());
        Assert.Equal(0, document.GetProperty("byHealth").GetProperty("broken").GetInt32());
    }

    [OnBothDatabases]
    public async Task ACitationOfTwentyFiveDocuments_ListsTheFirstTwenty_AndPagesTheRest()
    {
        var ids = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            var document = await (await Client.PostJsonAsync("/api/documents", new { title = $"Report {i}", text = $"As the IACHR said ({Shared})." })).ReadJsonAsync();
            ids.Add(document.GetProperty("id").GetInt64());
        }

        var citationId = (await (await Client.GetAsync($"/api/documents/{ids[0]}")).ReadJsonAsync()).GetProperty("citations")[0].GetProperty("id").GetInt64();
        var citation = await (await Client.GetAsync($"/api/citations/{citationId}")).ReadJsonAsync();
        Assert.Equal(25, citation.GetProperty("documentCount").GetInt32());
        Assert.Equal(ids.Take(20), citation.GetProperty("documents").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));

        var second = await (await Client.GetAsync($"/api/citations/{citationId}/documents?page=2&pageSize=20")).ReadJsonAsync();
        Assert.Equal(25, second.GetProperty("total").GetInt32());
        Assert.Equal(ids.Skip(20), second.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetInt64()));
        Assert.Equal(1, second.GetProperty("items")[0].GetProperty("occurrences").GetInt32());

        // The last document's own answer still has its place, whatever its rank among the source's documents.
        var last = await (await Client.GetAsync($"/api/documents/{ids[^1]}/citations/{citationId}")).ReadJsonAsync();
        Assert.Equal(1, last.GetProperty("occurrences").GetInt32());
        Assert.Equal(20, last.GetProperty("documents").GetArrayLength());

        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/citations/999/documents"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await Client.GetAsync($"/api/citations/{citationId}/documents?pageSize=0"), HttpStatusCode.BadRequest, "pageSize");
    }

    [OnBothDatabases]
    public async Task ADocumentOfThirtySources_ListsTwentyInTheList_AndAllPageByPage()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 30).Select(i => $"Source {i}: https://www.gob.example/informe/{i}"));
        var id = (await (await Client.PostJsonAsync("/api/documents", new { title = "Thirty", text })).ReadJsonAsync()).GetProperty("id").GetInt64();

        var own = await (await Client.GetAsync($"/api/documents/{id}")).ReadJsonAsync();
        Assert.Equal(30, own.GetProperty("citations").GetArrayLength());

        var item = (await (await Client.GetAsync("/api/documents")).ReadJsonAsync()).GetProperty("items").EnumerateArray().Single(d => d.GetProperty("id").GetInt64() == id);
        Assert.Equal(30, item.GetProperty("citationCount").GetInt32());
        Assert.Equal(20, item.GetProperty("citations").GetArrayLength());
        Assert.Equal(30, item.GetProperty("byHealth").GetProperty("unknown").GetInt32());

        var pages = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var answer = await (await Client.GetAsync($"/api/documents/{id}/citations?page={page}&pageSize=12")).ReadJsonAsync();
            Assert.Equal(30, answer.GetProperty("total").GetInt32());
            pages.AddRange(answer.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("url").GetString()!));
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"https://www.gob.example/informe/{i}"), pages);
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/documents/999/citations"), HttpStatusCode.NotFound);
    }
}
