using System.Text.Json;
using CitationMonitor.Api.Tests.Docs;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>
/// The bundled statement and two reports of one's own over the stand-ins of its sources, as a researcher following the
/// README would post them: one quotes a ministry in the paragraph that also cites the IACHR press release the statement
/// cites, one quotes the IACHR release itself. Each document's report says what that document quoted, and no more.
/// </summary>
public sealed class PassagesPerDocumentTests
{
    private const string Iachr = "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp";
    private const string Ministry = "https://www.gob.mx/sre/prensa/paises-miembros-de-la-crm-presentaron-la-declaracion-extraordinaria-sobre-la-gobernanza-efectiva-de-la-migracion-regional";

    [Fact]
    public async Task TheStatementAndTwoReportsCitingTheIachrRelease_EachReportSaysWhatItQuoted_AndTheLinkPointsAtTheCaptureThatHeldIt()
    {
        await using var web = await StandInWeb.StartAsync();
        using var folder = new TestFolder();
        await using var host = new DocsHost(folder.Path, web, new Dictionary<string, string>()).Start();
        using var client = new HttpClient { BaseAddress = host.BaseAddress };

        // A report quoting the ministry, then citing the IACHR in the same paragraph: the quotation is the ministry's.
        var ministryReport = await (await client.PostJsonAsync("/api/documents", new
        {
            title = "Report on the border",
            text = $"The ministry announced that \u201cthe countries reaffirmed an orderly migration\u201d ({Ministry}), while the IACHR ({Iachr}) was concerned.",
        })).ReadJsonAsync();
        var iachrReport = await (await client.PostJsonAsync("/api/documents", new
        {
            title = "Report on the use of force",
            text = $"The IACHR saw \u201cepisodios preocupantes de uso de la fuerza\u201d ({Iachr}).",
        })).ReadJsonAsync();
        var places = ministryReport.GetProperty("citations").EnumerateArray().ToDictionary(c => c.GetProperty("normalizedUrl").GetString()!);
        var iachrId = places[Iachr.Replace("https://", "http://", StringComparison.Ordinal)].GetProperty("id").GetInt64();
        Assert.Equal(6, iachrId);
        Assert.Equal(JsonValueKind.Null, places[Iachr.Replace("https://", "http://", StringComparison.Ordinal)].GetProperty("quote").ValueKind);
        Assert.Equal("the countries reaffirmed an orderly migration", places[Ministry].GetProperty("quote").GetString());

        await client.PostAsync($"/api/citations/{iachrId}/check", null);
        await client.PostAsync($"/api/citations/{places[Ministry].GetProperty("id").GetInt64()}/check", null);

        var statement = await QuoteStatusesAsync(client, 1);
        var border = await QuoteStatusesAsync(client, ministryReport.GetProperty("id").GetInt64());
        var force = await QuoteStatusesAsync(client, iachrReport.GetProperty("id").GetInt64());
        Assert.Equal("none", statement[iachrId]);
        Assert.Equal("none", border[iachrId]);
        Assert.Equal("missing", border[places[Ministry].GetProperty("id").GetInt64()]);
        Assert.Equal("found", force[iachrId]);

        // The citation lists each document once, each with its own passage and status.
        var citation = await (await client.GetAsync($"/api/citations/{iachrId}")).ReadJsonAsync();
        Assert.Equal(3, citation.GetProperty("documentCount").GetInt32());
        Assert.Equal(
            [(1L, "none"), (ministryReport.GetProperty("id").GetInt64(), "none"), (iachrReport.GetProperty("id").GetInt64(), "found")],
            citation.GetProperty("documents").EnumerateArray().Select(d => (d.GetProperty("id").GetInt64(), d.GetProperty("quoteStatus").GetString())));
        Assert.Equal("found", citation.GetProperty("quoteStatus").GetString());

        var link = await (await client.GetAsync($"/api/citations/{iachrId}/robustlink?documentId={iachrReport.GetProperty("id").GetInt64()}")).ReadJsonAsync();
        Assert.Equal("passage", link.GetProperty("versionChosenBy").GetString());
        var snapshot = await (await client.GetAsync($"/api/snapshots/{link.GetProperty("snapshotId").GetInt64()}/text")).Content.ReadAsStringAsync();
        Assert.Contains("episodios preocupantes de uso de la fuerza", snapshot, StringComparison.Ordinal);
    }

    /// <summary>Each source's quoteStatus in a document's report, by citation id.</summary>
    private static async Task<Dictionary<long, string>> QuoteStatusesAsync(HttpClient client, long documentId) =>
        (await (await client.GetAsync($"/api/documents/{documentId}/report")).ReadJsonAsync()).GetProperty("citations").EnumerateArray()
            .ToDictionary(c => c.GetProperty("id").GetInt64(), c => c.GetProperty("quoteStatus").GetString()!);
}
