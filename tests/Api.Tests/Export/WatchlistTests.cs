using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Export;

/// <summary>
/// The watch list in and out, over real Kestrel on loopback: exported from one monitor (two documents, passages, access
/// dates, labels, an interval, a paused and a retired citation, one watched on its own) as JSON and as CSV, each imported
/// into a fresh monitor, which then answers the API as the first one does; importing again changes nothing; a broken file
/// is refused with what is wrong where, and nothing of it is stored.
/// </summary>
public sealed class WatchlistTests : ApiTest
{
    private const string Cndh = "https://www.cndh.org.mx/documento/rec-2020-1";
    private const string Iachr = "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp";
    private const string Ministry = "https://www.gob.mx/sre/prensa/comunicado-123";
    private const string Gazette = "https://www.dof.gob.mx/nota_detalle.php?codigo=5591565";
    private const string Ruling = "https://www.scjn.gob.mx/sites/default/files/sentencia-2020.pdf";

    /// <summary>A passage a spreadsheet would run as a formula, with a comma, quotes and a line break.</summary>
    private const string FormulaQuote = "=HYPERLINK(\"https://evil.example\"), \"forty\" cases\nof arbitrary detention";

    private readonly List<(MonitorApiFactory Factory, HttpClient Client)> _others = [];

    public override Task InitializeAsync()
    {
        Client = new HttpClient { BaseAddress = StartOnKestrel() };
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        foreach (var (factory, client) in _others)
        {
            client.Dispose();
            await factory.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [OnBothDatabasesTheory]
    [InlineData("json")]
    [InlineData("csv")]
    public async Task ExportedWatchList_ImportedIntoAFreshMonitor_RestoresEveryCitationPlaceAndState_AndAgainChangesNothing(string format)
    {
        await BuildWatchListAsync();
        var file = await ExportAsync(Client, format);
        var expected = await StateAsync(Client);

        var target = StartAnother();
        var imported = await ImportAsync(target, file, $"watchlist.{format}");

        Assert.Equal(format, imported.GetProperty("format").GetString());
        Assert.Equal((2, 0), Counts(imported, "documents"));
        Assert.Equal((5, 0), Counts(imported, "citations"));
        Assert.Equal((6, 0), Counts(imported, "places"));
        Assert.Empty(imported.GetProperty("ignored").EnumerateArray());
        Assert.Equal(expected, await StateAsync(target));

        // Every restored setting and passage is in the audit, as done by the key that imported it.
        var labelled = await CitationIdAsync(target, Cndh);
        var audit = (await GetJsonAsync(target, $"/api/citations/{labelled}/audit")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["accessedAt", "checkInterval", "labels", "quote"], audit.Select(a => a.GetProperty("field").GetString()).Order());
        Assert.All(audit, a => Assert.Equal("local", a.GetProperty("keyName").GetString()));
        var retiredAudit = (await GetJsonAsync(target, $"/api/citations/{await CitationIdAsync(target, Gazette)}/audit")).GetProperty("items");
        Assert.Equal("retired", Assert.Single(retiredAudit.EnumerateArray()).GetProperty("field").GetString());
        var changes = imported.GetProperty("changes").GetInt32();
        Assert.Equal(changes, await AuditCountAsync(target));

        // Again, in either spelling: everything is found, nothing is edited.
        foreach (var again in new[] { file, await ExportAsync(Client, format == "json" ? "csv" : "json") })
        {
            var second = await ImportAsync(target, again, "again");
            Assert.Equal((0, 2), Counts(second, "documents"));
            Assert.Equal((0, 5), Counts(second, "citations"));
            Assert.Equal((0, 6), Counts(second, "places"));
            Assert.Equal(0, second.GetProperty("changes").GetInt32());
        }

        Assert.Equal(expected, await StateAsync(target));
        Assert.Equal(changes, await AuditCountAsync(target));

        // The restored monitor exports the same watch list.
        Assert.Equal(WithoutExportTime(await ExportAsync(Client, "json")), WithoutExportTime(await ExportAsync(target, "json")));
    }

    [OnBothDatabases]
    public async Task ExportedWatchList_ImportedIntoItsOwnMonitor_ChangesNothing()
    {
        await BuildWatchListAsync();
        var before = await StateAsync(Client);
        var audit = await AuditCountAsync(Client);

        var imported = await ImportAsync(Client, await ExportAsync(Client, "json"), "watchlist.json", asFile: false);

        Assert.Equal((0, 2), Counts(imported, "documents"));
        Assert.Equal((0, 5), Counts(imported, "citations"));
        Assert.Equal(0, imported.GetProperty("changes").GetInt32());
        Assert.Equal(before, await StateAsync(Client));
        Assert.Equal(audit, await AuditCountAsync(Client));
    }

    [OnBothDatabases]
    public async Task JsonWatchList_HasTheDocumentedShape()
    {
        var (report, _) = await BuildWatchListAsync();

        var response = await Client.GetAsync("/api/export/watchlist");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("watchlist-", response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync()).RootElement;
        Assert.Equal("citation-monitor-watchlist", json.GetProperty("format").GetString());
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Equal(DateTimeKind.Utc, json.GetProperty("exportedAt").GetDateTime().Kind);

        var document = json.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("id").GetInt64() == report);
        Assert.Equal(("Report on detention", "https://example.org/report.pdf", "2021-02-01T00:00:00Z", "text", false),
            (document.GetProperty("title").GetString(), document.GetProperty("sourceUrl").GetString(), document.GetProperty("publishedAt").GetString(),
             document.GetProperty("kind").GetString(), document.GetProperty("retired").GetBoolean()));

        var citations = json.GetProperty("citations").EnumerateArray().ToDictionary(c => c.GetProperty("url").GetString()!);
        Assert.Equal([Cndh, Iachr, Ministry, Gazette, Ruling], citations.Keys);
        var cndh = citations[Cndh];
        Assert.Equal(["ministry", "urgent"], cndh.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("7.00:00:00", cndh.GetProperty("checkInterval").GetString());
        var place = Assert.Single(cndh.GetProperty("places").EnumerateArray());
        Assert.Equal(report, place.GetProperty("document").GetInt64());
        Assert.Equal(FormulaQuote, place.GetProperty("quote").GetString());
        Assert.Equal("2021-01-31T10:15:00Z", place.GetProperty("accessedAt").GetString());
        Assert.Contains("CNDH found", place.GetProperty("context").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, place.GetProperty("occurrences").GetInt32());
        Assert.Equal(2, citations[Iachr].GetProperty("places").GetArrayLength());
        Assert.True(citations[Ministry].GetProperty("paused").GetBoolean());
        Assert.True(citations[Gazette].GetProperty("retired").GetBoolean());
        var alone = Assert.Single(citations[Ruling].GetProperty("places").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, alone.GetProperty("document").ValueKind);
        Assert.Equal("the court's own words", alone.GetProperty("quote").GetString());
        Assert.Equal(JsonValueKind.Null, citations[Iachr].GetProperty("checkInterval").ValueKind);
    }

    [OnBothDatabases]
    public async Task CsvWatchList_IsUtf8WithBom_OneRowPerPlace_FormulaSafe_AndReadsAsRfc4180()
    {
        await BuildWatchListAsync();

        var response = await Client.GetAsync("/api/export/watchlist?format=csv");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".csv", response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.StartsWith("url,normalizedUrl,labels,checkInterval,paused,retired,documentId,documentTitle,", text, StringComparison.Ordinal);

        using var csv = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture));
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().Select(r => r.ToDictionary(p => p.Key, p => (string)p.Value)).ToList();
        Assert.Equal(6, rows.Count);
        Assert.Equal(2, rows.Count(r => r["url"] == Iachr));
        var cndh = Assert.Single(rows, r => r["url"] == Cndh);
        // The passage starts with '=': a spreadsheet sees text, and the import takes the ' away again.
        Assert.Equal("'" + FormulaQuote, cndh["quote"]);
        Assert.Equal(("ministry,urgent", "7.00:00:00", "Report on detention", "2021-01-31T10:15:00Z"),
            (cndh["labels"], cndh["checkInterval"], cndh["documentTitle"], cndh["accessedAt"]));
        var alone = Assert.Single(rows, r => r["url"] == Ruling);
        Assert.Equal(("", "", "the court's own words"), (alone["documentId"], alone["documentTitle"], alone["quote"]));
        Assert.Equal("true", Assert.Single(rows, r => r["url"] == Gazette)["retired"]);
        Assert.Equal("true", Assert.Single(rows, r => r["url"] == Ministry)["paused"]);
    }

    [OnBothDatabases]
    public async Task WatchListUploadedAsADocument_IsRefusedNamingTheImport_AndStoresNothing()
    {
        await BuildWatchListAsync();
        var target = StartAnother();

        foreach (var format in new[] { "json", "csv" })
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(await ExportAsync(Client, format)), "file", $"watchlist.{format}" } };
            var response = await target.PostAsync("/api/documents", form);

            var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "file");
            Assert.Contains("POST /api/import/watchlist", problem.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(0, (await GetJsonAsync(target, "/api/documents")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(target, "/api/citations")).GetProperty("total").GetInt32());
    }

    [OnBothDatabases]
    public async Task MalformedWatchLists_Are400NamingWhereAndWhat_AndNothingIsStored()
    {
        await BuildWatchListAsync();
        var target = StartAnother();
        var json = JsonNodeOf(await ExportAsync(Client, "json"));
        // The first citations are fine: a half import would show them.
        var citations = json["citations"]!.AsArray();
        citations[3]!["checkInterval"] = "a week";
        citations[4]!["places"]![0]!["accessedAt"] = "yesterday";
        citations[4]!["places"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["document"] = 99 });

        var problem = await RefusedAsync(target, Encoding.UTF8.GetBytes(json.ToJsonString()), "citations[3].checkInterval", "citations[4].places[0].accessedAt", "citations[4].places[1]");
        Assert.Contains("nothing was imported", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Records end in CRLF; the passage of the first row holds a line break of its own, so the second row is on line 4.
        var csv = Encoding.UTF8.GetString(await ExportAsync(Client, "csv")).Split("\r\n").ToList();
        csv[2] = csv[2].Replace(",false,false,", ",maybe,false,", StringComparison.Ordinal);
        await RefusedAsync(target, Encoding.UTF8.GetBytes(string.Join("\r\n", csv)), "line 4, paused");
        await RefusedAsync(target, Encoding.UTF8.GetBytes(string.Join("\r\n", csv.Take(2)) + ",an extra cell\r\n"), "line 2");
        await RefusedAsync(target, "{ \"format\": \"citation-monitor-watchlist\", \"version\": 1, \"citations\": [ }"u8.ToArray(), "file");
        await RefusedAsync(target, "{ \"format\": \"citation-monitor-watchlist\", \"version\": 2, \"documents\": [], \"citations\": [] }"u8.ToArray(), "version");
        await RefusedAsync(target, "{ \"title\": \"Not a watch list\" }"u8.ToArray(), "format");
        await RefusedAsync(target, "title,text\r\nReport,See https://www.gob.mx/\r\n"u8.ToArray(), "line 1");
        await RefusedAsync(target, "\"url\r\nhttps://www.gob.mx/\r\n"u8.ToArray(), "line 1");
        await RefusedAsync(target, [0xEF, 0xBB, 0xBF, (byte)'u', (byte)'r', (byte)'l', 0xFF, 0xFE], "file");
        await RefusedAsync(target, "   "u8.ToArray(), "file");

        Assert.Equal(0, (await GetJsonAsync(target, "/api/documents?retired=false")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(target, "/api/citations")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetJsonAsync(target, "/api/citations?retired=true")).GetProperty("total").GetInt32());

        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/export/watchlist?format=xml"), HttpStatusCode.BadRequest, "format");
    }

    [OnBothDatabases]
    public async Task HandMadeCsv_NamesDocumentsByTitle_TakesColumnsInAnyOrder_AndSaysWhatItIgnored()
    {
        var target = StartAnother();
        var csv = "\uFEFFnotes,documentTitle,url,labels,quote\r\n"
            + $"check first,Annual report,{Cndh},\"Urgent, ministry\",forty cases\r\n"
            + $",Annual report,{Iachr},,\r\n"
            + $"own,,{Ruling},court,\r\n";

        var imported = await ImportAsync(target, Encoding.UTF8.GetBytes(csv), "list.csv");

        Assert.Equal((1, 0), Counts(imported, "documents"));
        Assert.Equal((3, 0), Counts(imported, "citations"));
        Assert.Equal(["notes"], imported.GetProperty("ignored").EnumerateArray().Select(i => i.GetString()));
        var document = (await GetJsonAsync(target, "/api/documents")).GetProperty("items")[0];
        Assert.Equal(("Annual report", 2), (document.GetProperty("title").GetString(), document.GetProperty("citationCount").GetInt32()));
        var cndh = await GetJsonAsync(target, $"/api/citations/{await CitationIdAsync(target, Cndh)}");
        Assert.Equal(["ministry", "urgent"], cndh.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("forty cases", cndh.GetProperty("quote").GetString());
        Assert.Equal(0, (await GetJsonAsync(target, $"/api/citations/{await CitationIdAsync(target, Ruling)}")).GetProperty("documentCount").GetInt32());
    }

    /// <summary>
    /// On the monitor of the test: a report (published, two sources, a passage and access date on one, which is labelled
    /// and re-timed), a bulletin citing one of them again with its own passage and date, and a paused and a retired
    /// source; a ruling watched on its own with its own passage. The ids of the report and the bulletin.
    /// </summary>
    private async Task<(long Report, long Bulletin)> BuildWatchListAsync()
    {
        var report = await PostAsync("/api/documents", new
        {
            title = "Report on detention",
            text = $"As the CNDH found ({Cndh}), forty people were held. The IACHR agreed ({Iachr}).",
            sourceUrl = "https://example.org/report.pdf",
            publishedAt = "2021-02-01",
        });
        var bulletin = await PostAsync("/api/documents", new
        {
            title = "Bulletin, March",
            text = $"Press release: {Iachr}\nThe ministry answered: {Ministry}\nThe decree: {Gazette}",
        });
        var reportId = report.GetProperty("id").GetInt64();
        var bulletinId = bulletin.GetProperty("id").GetInt64();
        var cndh = await CitationIdAsync(Client, Cndh);
        var iachr = await CitationIdAsync(Client, Iachr);

        await PatchAsync($"/api/documents/{reportId}/citations/{cndh}", new { quote = FormulaQuote, accessedAt = "2021-01-31T10:15:00Z" });
        await PatchAsync($"/api/documents/{bulletinId}/citations/{iachr}", new { quote = "La CIDH condena", accessedAt = "2021-03-01" });
        await PatchAsync($"/api/citations/{cndh}", new { labels = new[] { "Urgent", "ministry" }, checkInterval = "7.00:00:00" });
        await PatchAsync($"/api/citations/{await CitationIdAsync(Client, Ministry)}", new { paused = true });
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{await CitationIdAsync(Client, Gazette)}")).StatusCode);
        await PostAsync("/api/citations", new { url = Ruling, quote = "the court's own words" });
        return (reportId, bulletinId);
    }

    /// <summary>
    /// What the API says of every citation and document, in words that do not depend on ids: each source's settings and
    /// places (document title, context, passage, access date), and each document with its sources.
    /// </summary>
    private static async Task<List<string>> StateAsync(HttpClient client)
    {
        var state = new List<string>();
        foreach (var retired in new[] { "false", "true" })
        {
            foreach (var citation in (await GetJsonAsync(client, $"/api/citations?retired={retired}&pageSize=500")).GetProperty("items").EnumerateArray())
            {
                var id = citation.GetProperty("id").GetInt64();
                state.Add(string.Join(" | ",
                    "citation", Text(citation, "url"), Text(citation, "normalizedUrl"), string.Join(",", citation.GetProperty("labels").EnumerateArray().Select(l => l.GetString())),
                    Text(citation, "checkInterval"), Text(citation, "paused"), Text(citation, "retired"), Text(citation, "quote"), Text(citation, "accessedAt"),
                    Text(citation, "documentCount")));
                foreach (var place in (await GetJsonAsync(client, $"/api/citations/{id}/documents?pageSize=500")).GetProperty("items").EnumerateArray())
                {
                    state.Add(string.Join(" | ", "place", Text(citation, "url"), Text(place, "title"), Text(place, "context"), Text(place, "citedUrl"),
                        Text(place, "quote"), Text(place, "accessedAt")));
                }
            }

            foreach (var document in (await GetJsonAsync(client, $"/api/documents?retired={retired}&pageSize=500")).GetProperty("items").EnumerateArray())
            {
                state.Add(string.Join(" | ", "document", Text(document, "title"), Text(document, "sourceUrl"), Text(document, "publishedAt"), Text(document, "retired"),
                    Text(document, "citationCount")));
                foreach (var place in (await GetJsonAsync(client, $"/api/documents/{document.GetProperty("id").GetInt64()}/citations?pageSize=500")).GetProperty("items").EnumerateArray())
                {
                    state.Add(string.Join(" | ", "cited", Text(document, "title"), Text(place, "url"), Text(place, "context"), Text(place, "quote"),
                        Text(place, "accessedAt"), Text(place, "self"), Text(place, "paused"), Text(place, "retired")));
                }
            }
        }

        state.Sort(StringComparer.Ordinal);
        return state;
    }

    private static string Text(JsonElement item, string name) =>
        item.GetProperty(name) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : item.GetProperty(name).GetRawText();

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        var response = await Client.PostJsonAsync(path, body);
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    private async Task PatchAsync(string path, object body)
    {
        var response = await Client.PatchAsync(path, JsonContent.Create(body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<long> CitationIdAsync(HttpClient client, string url)
    {
        foreach (var retired in new[] { "false", "true" })
        {
            var found = (await GetJsonAsync(client, $"/api/citations?retired={retired}&pageSize=500")).GetProperty("items").EnumerateArray()
                .Where(c => c.GetProperty("url").GetString() == url).Select(c => c.GetProperty("id").GetInt64()).ToList();
            if (found.Count == 1)
            {
                return found[0];
            }
        }

        throw new InvalidOperationException($"{url} is not watched");
    }

    private static async Task<int> AuditCountAsync(HttpClient client)
    {
        var total = 0;
        foreach (var retired in new[] { "false", "true" })
        {
            foreach (var citation in (await GetJsonAsync(client, $"/api/citations?retired={retired}&pageSize=500")).GetProperty("items").EnumerateArray())
            {
                total += (await GetJsonAsync(client, $"/api/citations/{citation.GetProperty("id").GetInt64()}/audit")).GetProperty("total").GetInt32();
            }
        }

        return total;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        return await response.ReadJsonAsync();
    }

    private static async Task<byte[]> ExportAsync(HttpClient client, string format)
    {
        var response = await client.GetAsync($"/api/export/watchlist?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Imports a file, as a multipart upload or as the whole body; 200 with the import's answer.</summary>
    private static async Task<JsonElement> ImportAsync(HttpClient client, byte[] file, string name, bool asFile = true)
    {
        HttpContent content = asFile
            ? new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } }
            : new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        using (content)
        {
            var response = await client.PostAsync("/api/import/watchlist", content);
            var json = await response.ReadJsonAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"the import answered {(int)response.StatusCode}: {json}");
            return json;
        }
    }

    private static async Task<JsonElement> RefusedAsync(HttpClient client, byte[] file, params string[] where)
    {
        using var content = new ByteArrayContent(file);
        var response = await client.PostAsync("/api/import/watchlist", content);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToList();
        Assert.True(where.All(errors.Contains), $"expected errors at {string.Join("; ", where)}, got {problem}");
        return problem;
    }

    private static (int Created, int Matched) Counts(JsonElement imported, string what) =>
        (imported.GetProperty(what).GetProperty("created").GetInt32(), imported.GetProperty(what).GetProperty("matched").GetInt32());

    private static System.Text.Json.Nodes.JsonObject JsonNodeOf(byte[] json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();

    private static string WithoutExportTime(byte[] json)
    {
        var node = JsonNodeOf(json);
        node.Remove("exportedAt");
        return node.ToJsonString();
    }

    /// <summary>Another monitor over a fresh database, on its own loopback port; a client to it.</summary>
    private HttpClient StartAnother()
    {
        var factory = new MonitorApiFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        _others.Add((factory, client));
        return client;
    }
}
