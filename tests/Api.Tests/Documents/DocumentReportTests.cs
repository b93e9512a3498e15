using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>The per-document report against a real loopback site: one source alive and quoted, one gone, one unchecked.</summary>
public sealed class DocumentReportTests : SiteApiTest
{
    [Fact]
    public async Task Report_SaysForEachSourceWhereItStandsAndWhy_WithTotals()
    {
        var (documentId, statement, missing, _) = await DocumentWithThreeSourcesAsync();
        await CheckAsync(statement);
        Site.Article = "The commission recorded fifty cases of arbitrary detention in January.";
        await CheckAsync(statement);
        await CheckAsync(missing);

        var report = await (await Client.GetAsync($"/api/documents/{documentId}/report")).ReadJsonAsync();

        Assert.Equal(documentId, report.GetProperty("documentId").GetInt64());
        var totals = report.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("citations").GetInt32());
        Assert.Equal(1, totals.GetProperty("byHealth").GetProperty("healthy").GetInt32());
        Assert.Equal(1, totals.GetProperty("byHealth").GetProperty("degraded").GetInt32());
        Assert.Equal(1, totals.GetProperty("byHealth").GetProperty("unknown").GetInt32());
        Assert.Equal(0, totals.GetProperty("byHealth").GetProperty("broken").GetInt32());
        Assert.Equal(1, totals.GetProperty("byStatus").GetProperty("not_found").GetInt32());
        Assert.Equal(1, totals.GetProperty("changed").GetInt32());
        Assert.Equal(2, totals.GetProperty("changes").GetInt32());
        Assert.Equal(1, totals.GetProperty("quotesAltered").GetInt32());
        Assert.Equal(2, totals.GetProperty("needAttention").GetInt32());

        var rows = report.GetProperty("citations").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetInt64());
        var alive = rows[statement];
        Assert.Equal("healthy", alive.GetProperty("health").GetString());
        Assert.Equal("ok", alive.GetProperty("lastStatus").GetString());
        Assert.Equal("altered", alive.GetProperty("quoteStatus").GetString());
        Assert.Equal(2, alive.GetProperty("changeCount").GetInt32());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, alive.GetProperty("lastOkAt").ValueKind);
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, alive.GetProperty("healthSince").ValueKind);
        Assert.Contains("the words said", alive.GetProperty("context").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("The last check reached the source (HTTP 200). It changed 2 times", alive.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("The cited passage reads differently now (88% of its words match).", alive.GetProperty("verdict").GetString(), StringComparison.Ordinal);

        var gone = rows[missing];
        Assert.Equal("degraded", gone.GetProperty("health").GetString());
        Assert.Equal(404, gone.GetProperty("lastHttpStatus").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, gone.GetProperty("lastOkAt").ValueKind);
        Assert.StartsWith(
            "The last check failed: the server answers 404 Not Found. 1 check in a row failed since ",
            gone.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportAsCsv_HasAHeaderAndOneRowPerSource()
    {
        var (documentId, statement, _, _) = await DocumentWithThreeSourcesAsync();
        await CheckAsync(statement);

        var response = await Client.GetAsync($"/api/documents/{documentId}/report.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(
            "id,url,context,normalizedUrl,finalUrl,health,healthSince,lastStatus,lastHttpStatus,lastReason,lastCheckedAt,"
            + "firstSeenAt,lastOkAt,changeCount,lastChangedAt,quoteStatus,quoteSimilarity,archivedUrl,archivedAt,verdict",
            lines[0]);
        Assert.Contains(lines, line => line.StartsWith($"{statement},", StringComparison.Ordinal) && line.Contains(",healthy,", StringComparison.Ordinal)
            && line.EndsWith(",found,1,,,The last check reached the source (HTTP 200). No change since it was first captured. The cited passage is still there.", StringComparison.Ordinal));
    }

    [Fact]
    public void CsvFields_AreQuotedWhenNeeded_AndNeverStartAFormula()
    {
        var row = new Api.Documents.DocumentReportCitation(
            7, "=HYPERLINK(\"http://x\")", "https://a.example/", null, "", Domain.Citations.CitationHealth.Healthy, null, null, null, null, null,
            DateTimeOffset.UnixEpoch, null, 0, null, null, null, "Said \"no\", then left.");
        var report = new Api.Documents.DocumentReport(
            1, "t", null, DateTimeOffset.UnixEpoch,
            new Api.Documents.DocumentReportTotals(1, new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0, 0, 0, 0), [row]);

        var line = Api.Documents.DocumentReports.ToCsv(report).Split("\r\n")[1];

        Assert.Equal(
            "7,\"'=HYPERLINK(\"\"http://x\"\")\",,https://a.example/,,healthy,,,,,,1970-01-01T00:00:00Z,,0,,,,,,\"Said \"\"no\"\", then left.\"",
            line);
    }

    [Theory]
    [InlineData("/api/documents/999/report")]
    [InlineData("/api/documents/999/report.csv")]
    public async Task ReportOfAnUnknownDocument_IsProblemNotFound(string url) =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync(url), HttpStatusCode.NotFound);

    private async Task<(long Document, long Statement, long Missing, long Unchecked)> DocumentWithThreeSourcesAsync()
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new
        {
            title = "Statement on detentions",
            text = $"""
                As the words said, “recorded forty cases of arbitrary detention in January” ({Site.Url("/press/statement")}).

                The registry ({Site.Url("/missing")}) is cited too.

                And a report that is never checked here: {Site.Url("/report.txt")}
                """,
        })).ReadJsonAsync();
        var ids = document.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).ToList();
        return (document.GetProperty("id").GetInt64(), ids[0], ids[1], ids[2]);
    }

    private async Task CheckAsync(long id) =>
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/citations/{id}/check", null)).StatusCode);
}
