using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.Domain.Text;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;
using HtmlAgilityPack;

namespace CitationMonitor.Api.Tests.Citations;

/// <summary>A cited passage followed through found, altered and missing on a real loopback page.</summary>
public sealed partial class QuoteTests : SiteApiTest
{
    private const string Passage = "recorded forty cases of arbitrary detention";

    [OnBothDatabases]
    public async Task PassageFoundThenAlteredThenRemoved_IsReportedEachTimeWithAQuoteChange()
    {
        var citation = await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/press/statement"), quote = Passage })).ReadJsonAsync();
        var id = citation.GetProperty("id").GetInt64();
        Assert.Equal(Passage, citation.GetProperty("quote").GetString());

        var found = await CheckAsync(id);
        Site.Article = "The commission recorded forty-one cases of arbitrary detention in January.";
        var altered = await CheckAsync(id);
        Site.Article = "The commission published its annual report.";
        var missing = await CheckAsync(id);

        Assert.Equal("found", found.GetProperty("quoteStatus").GetString());
        Assert.Equal("altered", altered.GetProperty("quoteStatus").GetString());
        Assert.Contains("forty-one", altered.GetProperty("quoteMatch").GetString(), StringComparison.Ordinal);
        Assert.InRange(altered.GetProperty("quoteSimilarity").GetDouble(), 0.6, 0.99);
        Assert.Equal("missing", missing.GetProperty("quoteStatus").GetString());

        // Newest first: altered → missing, then found → altered; a citation watched without a document has no documentId.
        var quoteChanges = (await (await Client.GetAsync($"/api/citations/{id}/changes?kind=quote")).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, quoteChanges.Count);
        Assert.Equal(["altered→missing", "found→altered"], quoteChanges.Select(c => $"{c.GetProperty("fromQuoteStatus").GetString()}→{c.GetProperty("toQuoteStatus").GetString()}"));
        Assert.All(quoteChanges, c => Assert.Equal(System.Text.Json.JsonValueKind.Null, c.GetProperty("documentId").ValueKind));
        var change = quoteChanges[1];
        Assert.Equal("quote", change.GetProperty("kind").GetString());
        var diff = change.GetProperty("diff").EnumerateArray().ToList();
        Assert.Contains(diff, d => d.GetProperty("type").GetString() == "delete" && d.GetProperty("text").GetString()!.Contains("forty", StringComparison.Ordinal));
        Assert.Contains(diff, d => d.GetProperty("type").GetString() == "insert" && d.GetProperty("text").GetString()!.Contains("forty-one", StringComparison.Ordinal));

        var now = await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync();
        Assert.Equal("missing", now.GetProperty("quoteStatus").GetString());
    }

    [OnBothDatabases]
    public async Task PassageWhoseLastWordsWereReplaced_ChangesFromTheQuotedWordsToTheWordsInTheirPlace_WithOneSimilarity()
    {
        const string quote = "Migrants must be brought before a Judge within 72 hours";
        Site.Article = "The new rules say that Migrants must be brought before a Judge within 72 hours of their arrest.";
        var id = (await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/press/statement"), quote })).ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("found", (await CheckAsync(id)).GetProperty("quoteStatus").GetString());

        Site.Article = "The new rules say that Migrants must be brought before a Judge within 30 days of their arrest.";
        var altered = await CheckAsync(id);

        Assert.Equal("altered", altered.GetProperty("quoteStatus").GetString());
        Assert.Equal("Migrants must be brought before a Judge within 30 days", altered.GetProperty("quoteMatch").GetString());
        var similarity = (await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync()).GetProperty("quoteSimilarity").GetDouble();
        Assert.Equal(0.8, similarity);

        var change = Assert.Single((await (await Client.GetAsync($"/api/citations/{id}/changes?kind=quote")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(
            [("equal", "Migrants must be brought before a Judge within"), ("delete", "72 hours"), ("insert", "30 days")],
            change.GetProperty("diff").EnumerateArray().Select(d => (d.GetProperty("type").GetString(), d.GetProperty("text").GetString())));
        Assert.Equal(similarity, change.GetProperty("similarity").GetDouble());

        var page = new HtmlDocument();
        page.LoadHtml(await Client.GetStringAsync($"/api/changes/{change.GetProperty("id").GetInt64()}/diff.html"));
        var shown = ShownSimilarity().Match(Html.One(page.DocumentNode, "//dd[@class='similarity']").InnerText);
        Assert.True(shown.Success);
        Assert.Equal(similarity, double.Parse(shown.Groups["figure"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(WordSimilarity.Percent(similarity), int.Parse(shown.Groups["percent"].Value, CultureInfo.InvariantCulture));
        var passage = Html.One(page.DocumentNode, "//section[@class='passage']");
        Assert.Equal(quote, Html.One(passage, ".//td[@class='old']").InnerText);
        Assert.Equal("Migrants must be brought before a Judge within 30 days", Html.One(passage, ".//td[@class='new']").InnerText);
        Assert.Equal("72 hours", Html.One(passage, ".//td[@class='old']/del").InnerText);
        Assert.Equal("30 days", Html.One(passage, ".//td[@class='new']/ins").InnerText);
    }

    [OnBothDatabases]
    public async Task PatchingTheQuote_SetsAndClearsIt()
    {
        var id = (await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/press/statement") })).ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal("none", (await CheckAsync(id)).GetProperty("quoteStatus").GetString());

        var patched = await Client.PatchAsync($"/api/citations/{id}", System.Net.Http.Json.JsonContent.Create(new { quote = "forty cases of ARBITRARY detention" }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("found", (await CheckAsync(id)).GetProperty("quoteStatus").GetString());

        var cleared = await (await Client.PatchAsync($"/api/citations/{id}", System.Net.Http.Json.JsonContent.Create(new { quote = (string?)null }))).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("quote").ValueKind);
        Assert.Equal("none", cleared.GetProperty("quoteStatus").GetString());
    }

    [OnBothDatabases]
    public async Task DocumentQuotingNextToItsUrl_GivesTheCitationThePassage()
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new
        {
            title = "Report",
            text = $"The commission \u201c{Passage}\u201d in January ({Site.Url("/press/statement")}).",
        })).ReadJsonAsync();

        var citation = document.GetProperty("citations")[0];
        Assert.Equal(Passage, citation.GetProperty("quote").GetString());
        Assert.Equal("found", (await CheckAsync(citation.GetProperty("id").GetInt64())).GetProperty("quoteStatus").GetString());

        // A second document quoting the same source otherwise: each document keeps its own quotation and status, and the
        // source's own status is the worst of them, with the passage that is in that state.
        await Client.PostJsonAsync("/api/documents", new { title = "Reply", text = $"It said \u201cnothing of the kind happened there\u201d ({Site.Url("/press/statement")})." });
        await CheckAsync(citation.GetProperty("id").GetInt64());
        var watched = await (await Client.GetAsync($"/api/citations/{citation.GetProperty("id").GetInt64()}")).ReadJsonAsync();
        Assert.Equal(
            [(Passage, "found"), ("nothing of the kind happened there", "missing")],
            watched.GetProperty("documents").EnumerateArray().Select(d => (d.GetProperty("quote").GetString(), d.GetProperty("quoteStatus").GetString())));
        Assert.Equal("missing", watched.GetProperty("quoteStatus").GetString());
        Assert.Equal("nothing of the kind happened there", watched.GetProperty("quote").GetString());
    }

    [OnBothDatabasesTheory]
    [InlineData("{}", "body")]
    [InlineData("{ \"quote\": \"   \" }", "quote")]
    [InlineData("{ \"quote\": 42 }", "quote")]
    [InlineData("[]", "body")]
    public async Task PatchWithoutAUsableQuote_IsRefusedAndKeepsThePassage(string body, string field)
    {
        var id = (await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/press/statement"), quote = Passage })).ReadJsonAsync()).GetProperty("id").GetInt64();

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        await ProblemAssert.IsProblemAsync(await Client.PatchAsync($"/api/citations/{id}", content), HttpStatusCode.BadRequest, field);

        Assert.Equal(Passage, (await (await Client.GetAsync($"/api/citations/{id}")).ReadJsonAsync()).GetProperty("quote").GetString());
    }

    [OnBothDatabases]
    public async Task PatchingUnknownCitation_IsNotFoundProblem() =>
        await ProblemAssert.IsProblemAsync(
            await Client.PatchAsync("/api/citations/987654", System.Net.Http.Json.JsonContent.Create(new { quote = "x" })), HttpStatusCode.NotFound);

    [GeneratedRegex(@"^(?<figure>[0-9.]+) \((?<percent>[0-9]+)% of the words are the same\)$")]
    private static partial Regex ShownSimilarity();

    private async Task<System.Text.Json.JsonElement> CheckAsync(long id)
    {
        var response = await Client.PostAsync($"/api/citations/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
