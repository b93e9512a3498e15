using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>The per-document report against a real loopback site: one source alive and quoted, one gone, one unchecked.</summary>
public sealed class DocumentReportTests : SiteApiTest
{
    [OnBothDatabases]
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
        Assert.Equal("none", gone.GetProperty("quoteStatus").GetString());
        Assert.StartsWith(
            "The last check failed: the server answers 404 Not Found. 1 check in a row failed since ",
            gone.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task ReportAsCsv_StartsWithAByteOrderMark_AndReadsBackWithAccentsIntact()
    {
        var (documentId, statement, _, _) = await DocumentWithThreeSourcesAsync("Declaración sobre detenciones en Tapachula");
        await CheckAsync(statement);

        var response = await Client.GetAsync($"/api/documents/{documentId}/report.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        // Read as a spreadsheet program would: a CSV reader that takes the encoding from the byte-order mark.
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.Latin1, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvHelper.CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("document", csv.HeaderRecord![0]);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row => Assert.Equal("Declaración sobre detenciones en Tapachula", row["document"]));
        var quoted = Assert.Single(rows, row => (string)row["id"] == statement.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("healthy", quoted["health"]);
        Assert.Equal("recorded forty cases of arbitrary detention in January", quoted["quote"]);
        Assert.Equal("found", quoted["quoteStatus"]);
        Assert.Contains("según la comisión", (string)quoted["context"], StringComparison.Ordinal);
        Assert.Equal(
            "The last check reached the source (HTTP 200). No change since it was first captured. The cited passage is still there.",
            quoted["verdict"]);
        Assert.All(rows.Where(row => row != quoted), row => Assert.Equal("none", row["quoteStatus"]));
    }

    [OnBothDatabases]
    public void CsvFields_AreQuotedWhenNeeded_AndNeverStartAFormula()
    {
        var row = new Api.Documents.DocumentReportCitation(
            7, "=HYPERLINK(\"http://x\")", "https://a.example/", null, "", Domain.Citations.CitationHealth.Healthy, null, null, null, null, null,
            DateTimeOffset.UnixEpoch, null, 0, null, null, null, "Said \"no\", then left.");
        var report = new Api.Documents.DocumentReport(
            1, "t", null, DateTimeOffset.UnixEpoch,
            new Api.Documents.DocumentReportTotals(1, new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0, 0, 0, 0), [row]);

        var line = System.Text.Encoding.UTF8.GetString(Api.Documents.DocumentReports.ToCsv(report)).Split("\r\n")[1];

        Assert.Equal(
            "t,7,\"'=HYPERLINK(\"\"http://x\"\")\",,https://a.example/,,healthy,,,,,,1970-01-01T00:00:00Z,,0,,,,,,,,,\"Said \"\"no\"\", then left.\"",
            line);
    }

    [OnBothDatabasesTheory]
    [InlineData("/api/documents/999/report")]
    [InlineData("/api/documents/999/report.csv")]
    public async Task ReportOfAnUnknownDocument_IsProblemNotFound(string url) =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync(url), HttpStatusCode.NotFound);

    private async Task<(long Document, long Statement, long Missing, long Unchecked)> DocumentWithThreeSourcesAsync(
        string title = "Statement on detentions")
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new
        {
            title,
            text = $"""
                As the words said, según la comisión, “recorded forty cases of arbitrary detention in January” ({Site.Url("/press/statement")}).

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
