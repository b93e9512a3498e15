using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

public sealed class DocumentsApiTests : ApiTest
{
    [OnBothDatabases]
    public async Task PostingDocument_StoresOneCitationPerSourceWithEveryContext()
    {
        var text = """
            Report on the border (2021).
            The ministry denied it (https://example.gob.mx/prensa/comunicado-12?utm_source=twitter).
            See also http://example.gob.mx/prensa/comunicado-12 and www.oas.org/es/cidh/prensa/2020/027.asp.
            Contact: info@example.org
            """;

        var response = await Client.PostJsonAsync("/api/documents", new { title = "Border report", text, sourceUrl = "https://example.org/report.pdf" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var document = await response.ReadJsonAsync();
        Assert.Equal("Border report", document.GetProperty("title").GetString());
        Assert.Equal("https://example.org/report.pdf", document.GetProperty("sourceUrl").GetString());
        var citations = document.GetProperty("citations").EnumerateArray().ToList();
        Assert.Equal(2, citations.Count);
        Assert.Equal(2, document.GetProperty("citationCount").GetInt32());

        var ministry = citations[0];
        Assert.Equal("https://example.gob.mx/prensa/comunicado-12", ministry.GetProperty("normalizedUrl").GetString());
        Assert.Equal("example.gob.mx", ministry.GetProperty("host").GetString());
        Assert.Equal("unknown", ministry.GetProperty("health").GetString());
        Assert.Equal(2, ministry.GetProperty("contexts").GetArrayLength());
        Assert.Contains("ministry denied", ministry.GetProperty("context").GetString());
        Assert.Equal(2, ministry.GetProperty("occurrences").GetInt32());
        Assert.Equal(2, Assert.Single(ministry.GetProperty("documents").EnumerateArray()).GetProperty("occurrences").GetInt32());
        Assert.Equal(response.Headers.Location!.ToString(), $"/api/documents/{document.GetProperty("id").GetInt64()}");
    }

    [OnBothDatabases]
    public async Task GettingDocument_ReturnsItsCitationsInCitingOrder()
    {
        var created = await (await Client.PostJsonAsync("/api/documents", new
        {
            title = "Order",
            text = "First https://b.example.org/one then https://a.example.org/two then https://b.example.org/one again.",
        })).ReadJsonAsync();

        var document = await (await Client.GetAsync($"/api/documents/{created.GetProperty("id").GetInt64()}")).ReadJsonAsync();

        var urls = document.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("normalizedUrl").GetString()).ToList();
        Assert.Equal(["https://b.example.org/one", "https://a.example.org/two"], urls);
    }

    [OnBothDatabases]
    public async Task ListingDocuments_PagesNewestFirst()
    {
        foreach (var title in new[] { "one", "two", "three" })
        {
            await Client.PostJsonAsync("/api/documents", new { title, text = $"https://example.org/{title}" });
        }

        var first = await (await Client.GetAsync("/api/documents?pageSize=2")).ReadJsonAsync();
        var second = await (await Client.GetAsync("/api/documents?page=2&pageSize=2")).ReadJsonAsync();

        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal(1, first.GetProperty("page").GetInt32());
        Assert.Equal(2, first.GetProperty("pageSize").GetInt32());
        Assert.Equal(["three", "two"], first.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("title").GetString()));
        Assert.Equal(["one"], second.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("title").GetString()));
    }

    [OnBothDatabases]
    public async Task PostingDocumentWithoutTitle_ReturnsProblemDetails()
    {
        var response = await Client.PostJsonAsync("/api/documents", new { text = "https://example.org/a" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field: "title");
    }

    [OnBothDatabases]
    public async Task PostingDocumentWithMalformedSourceUrl_ReturnsProblemNamingTheField()
    {
        var response = await Client.PostJsonAsync("/api/documents", new { title = "x", text = "none", sourceUrl = "ftp://example.org/a" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, field: "sourceUrl");
    }

    [OnBothDatabases]
    public async Task PostingMalformedJson_ReturnsProblemDetails()
    {
        using var content = new StringContent("{ \"title\": ", System.Text.Encoding.UTF8, "application/json");
        var response = await Client.PostAsync("/api/documents", content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [OnBothDatabases]
    public async Task GettingUnknownDocument_ReturnsNotFoundProblem() =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/documents/424242"), HttpStatusCode.NotFound);

    [OnBothDatabasesTheory]
    [InlineData("/api/documents?page=0")]
    [InlineData("/api/documents?pageSize=501")]
    [InlineData("/api/documents?pageSize=abc")]
    public async Task ListingDocumentsWithBadPaging_ReturnsProblemNamingTheField(string url)
    {
        var field = url.Contains("pageSize", StringComparison.Ordinal) ? "pageSize" : "page";
        await ProblemAssert.IsProblemAsync(await Client.GetAsync(url), HttpStatusCode.BadRequest, field);
    }
}
