using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CitationMonitor.TestSupport.Hosts;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// The watch list taken out of one monitor, as JSON and as CSV, and uploaded to a second, fresh one: every source comes
/// back with its labels, interval, pause, retirement and places (passages, access dates, contexts).
/// </summary>
public sealed class WatchlistOutsideTests : OutsideApiTest
{
    private const string Report = "https://ong.example.org/informe-sobre-detenciones";
    private const string Quoted = "https://cndh.example.org/recomendaciones/2020-15.pdf";
    private const string OnItsOwn = "https://corte.example.org/sentencias/123";

    [Theory]
    [InlineData("json", "application/json")]
    [InlineData("csv", "text/csv")]
    public async Task TheWatchList_ExportedAndImportedIntoAFreshMonitor_RestoresEverySourcesSetUp(string format, string mediaType)
    {
        await SetUpAsync();
        var exported = await Client.GetAsync($"/api/export/watchlist?format={format}");
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal(mediaType, exported.Content.Headers.ContentType?.MediaType);
        var file = await exported.Content.ReadAsByteArrayAsync();

        await using var other = new MonitorApiFactory();
        using var client = other.CreateClient();
        var imported = await ImportAsync(client, file, $"watchlist.{format}");

        Assert.Equal(format, imported.GetProperty("format").GetString());
        Assert.Equal(2, imported.GetProperty("documents").GetProperty("created").GetInt32());
        Assert.Equal(4, imported.GetProperty("citations").GetProperty("created").GetInt32());
        Assert.Empty(imported.GetProperty("ignored").EnumerateArray());
        Assert.Equal(Canonical(await WatchlistAsync(Client)), Canonical(await WatchlistAsync(client)));

        var own = await ReadAsync(client, $"/api/citations?label=Tribunal");
        var item = Assert.Single(own.GetProperty("items").EnumerateArray());
        Assert.Equal(OnItsOwn, item.GetProperty("normalizedUrl").GetString());
        Assert.True(item.GetProperty("paused").GetBoolean());
        Assert.Equal("7.00:00:00", item.GetProperty("checkInterval").GetString());
        var retired = Assert.Single((await ReadAsync(client, "/api/citations?retired=true")).GetProperty("items").EnumerateArray());
        Assert.Equal(ReferenceExportOutsideTests.Doi, retired.GetProperty("normalizedUrl").GetString());
        var press = Assert.Single((await ReadAsync(client, "/api/citations?label=cidh")).GetProperty("items").EnumerateArray());
        Assert.Equal(new DateTimeOffset(2021, 1, 20, 0, 0, 0, TimeSpan.Zero), Time(press, "accessedAt"));
        Assert.Equal("2.00:00:00", press.GetProperty("checkInterval").GetString());
        var quoted = Assert.Single((await ReadAsync(client, $"/api/citations?q=cndh")).GetProperty("items").EnumerateArray());
        Assert.Equal("cuarenta personas fueron detenidas", Text(quoted, "quote"));
        Assert.NotEmpty((await ReadAsync(client, $"/api/citations/{quoted.GetProperty("id").GetInt64()}/audit")).GetProperty("items").EnumerateArray());

        var again = await ImportAsync(client, file, $"watchlist.{format}");
        Assert.Equal(0, again.GetProperty("changes").GetInt32());
        Assert.Equal(0, again.GetProperty("citations").GetProperty("created").GetInt32());
    }

    [Fact]
    public async Task TheCsvWatchList_HasOneRowPerPlace_WithTheColumnsDocumented()
    {
        await SetUpAsync();

        var csv = await Client.GetStringAsync("/api/export/watchlist?format=csv");

        var lines = csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(
            "url,normalizedUrl,labels,checkInterval,paused,retired,documentId,documentTitle,documentSourceUrl,documentPublishedAt,documentKind,documentRetired,quote,accessedAt,context,citedUrl,occurrences,footnote",
            lines[0]);
        // The press release and the DOI (each in the export), the report's two sources, the court ruling on its own.
        Assert.Equal(5, lines.Count - 1);
    }

    [Fact]
    public async Task ACsvWrittenByHand_WithOnlySomeColumnsInAnotherOrder_IsImported()
    {
        var csv = Encoding.UTF8.GetBytes("labels,url,paused\r\n\"Urgente,Guatemala\",https://igm.example.org/protocolo,true\r\n,https://igm.example.org/otro,false\r\n");

        var imported = await ImportAsync(Client, csv, "mis-fuentes.csv");

        Assert.Equal("csv", imported.GetProperty("format").GetString());
        Assert.Equal(2, imported.GetProperty("citations").GetProperty("created").GetInt32());
        var tagged = Assert.Single((await GetJsonAsync("/api/citations?label=guatemala")).GetProperty("items").EnumerateArray());
        Assert.Equal("https://igm.example.org/protocolo", tagged.GetProperty("normalizedUrl").GetString());
        Assert.Equal(["guatemala", "urgente"], tagged.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.True(tagged.GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task AWatchListUploadedAsADocument_Is400PointingToTheImport_AndNothingIsStored()
    {
        await using var other = new MonitorApiFactory();
        await SetUpAsync();
        var file = await Client.GetByteArrayAsync("/api/export/watchlist");
        using var client = other.CreateClient();
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "watchlist.json" } };

        var response = await client.PostAsync("/api/documents", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("/api/import/watchlist", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await ReadAsync(client, "/api/documents")).GetProperty("total").GetInt32());
    }

    /// <summary>
    /// Two documents (a Zotero export and a report with a sourceUrl, a date and a passage quoted), a source watched on
    /// its own (labelled, re-timed, paused), a labelled source with an interval, and a retired one.
    /// </summary>
    private async Task SetUpAsync()
    {
        var references = await UploadCreatedAsync(ReferenceExportOutsideTests.Bibtex(), "Mi biblioteca.bib", ("title", "Referencias de Zotero"));
        var report = await PostJsonAsync(
            "/api/documents",
            new
            {
                title = "Informe sobre detenciones",
                sourceUrl = Report,
                publishedAt = "2021-02-01T00:00:00Z",
                text = $"La CNDH documentó que \"cuarenta personas fueron detenidas\" ({Quoted}).\nVéase también {ReferenceExportOutsideTests.Press}.\n",
            },
            HttpStatusCode.Created);
        var reportId = report.GetProperty("id").GetInt64();
        var quotedId = PlaceOf(report, Quoted).GetProperty("id").GetInt64();
        await PatchJsonAsync($"/api/documents/{reportId}/citations/{quotedId}", new { quote = "cuarenta personas fueron detenidas", accessedAt = "2021-01-31T10:15:00Z" });

        var own = (await PostJsonAsync("/api/citations", new { url = OnItsOwn }, HttpStatusCode.Created)).GetProperty("id").GetInt64();
        await PatchJsonAsync($"/api/citations/{own}", new { labels = new[] { "Tribunal", "urgente" }, checkInterval = "7.00:00:00", paused = true });

        var pressId = PlaceOf(references, ReferenceExportOutsideTests.Press).GetProperty("id").GetInt64();
        await PatchJsonAsync($"/api/citations/{pressId}", new { labels = new[] { "CIDH" }, checkInterval = "2.00:00:00" });

        var doiId = PlaceOf(references, ReferenceExportOutsideTests.Doi).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{doiId}")).StatusCode);
    }

    private static async Task<JsonElement> ImportAsync(HttpClient client, byte[] file, string name)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(part, "file", name);
        var response = await client.PostAsync("/api/import/watchlist", form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"import answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static Task<JsonElement> WatchlistAsync(HttpClient client) => ReadAsync(client, "/api/export/watchlist?format=json");

    /// <summary>
    /// What a person set up, without this monitor's ids and times: documents by title (with address and date), each
    /// source with its settings and its places named by their document's title.
    /// </summary>
    private static string Canonical(JsonElement watchlist)
    {
        var titles = watchlist.GetProperty("documents").EnumerateArray().ToDictionary(d => d.GetProperty("id").GetInt64(), d => d.GetProperty("title").GetString()!);
        var text = new StringBuilder();
        foreach (var document in watchlist.GetProperty("documents").EnumerateArray().OrderBy(d => d.GetProperty("title").GetString(), StringComparer.Ordinal))
        {
            text.AppendLine($"document {Raw(document, "title")} {Raw(document, "sourceUrl")} {Instant(document, "publishedAt")}");
        }

        foreach (var citation in watchlist.GetProperty("citations").EnumerateArray().OrderBy(c => c.GetProperty("normalizedUrl").GetString(), StringComparer.Ordinal))
        {
            text.AppendLine($"source {Raw(citation, "url")} {Raw(citation, "normalizedUrl")} {Raw(citation, "labels")} {Raw(citation, "checkInterval")} paused={Raw(citation, "paused")} retired={Raw(citation, "retired")}");
            foreach (var place in citation.GetProperty("places").EnumerateArray())
            {
                var document = place.GetProperty("document");
                var title = document.ValueKind == JsonValueKind.Null ? "(own)" : titles[document.GetInt64()];
                text.AppendLine($"  place {title} quote={Raw(place, "quote")} accessedAt={Instant(place, "accessedAt")} context={Raw(place, "context")} citedUrl={Raw(place, "citedUrl")} footnote={Raw(place, "footnote")}");
            }
        }

        return text.ToString();
    }

    private static string Raw(JsonElement element, string property) => element.GetProperty(property).GetRawText();

    private static string Instant(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? "null" : element.GetProperty(property).GetDateTimeOffset().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
