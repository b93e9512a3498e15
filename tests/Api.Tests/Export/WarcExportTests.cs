using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Fixtures;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Export;

/// <summary>
/// WARC files exported after real checks of a loopback site (a change, identical repeats, a gzip-encoded answer, a
/// redirect, a PDF), each read back by warcio.js: every record parses, every digest verifies, and the payloads are the
/// stored bytes.
/// </summary>
public sealed class WarcExportTests : ApiTest
{
    private const string StablePage = "<html><head><title>Decree</title></head><body><main><p>The decree stays in force.</p></main></body></html>";

    private readonly TestFolder _files = new();
    private readonly byte[] _pdf = FixturePdfs.Original();
    private LoopbackServer _site = null!;
    private string _bulletin = "Forty cases were recorded in January.";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/decree", (HttpContext context) =>
            {
                context.Response.Headers.Append("Set-Cookie", "session=one; Path=/");
                context.Response.Headers.Append("Set-Cookie", "lang=es; Path=/");
                return Results.Content(StablePage, "text/html; charset=utf-8");
            });
            app.MapGet("/bulletin", () => Results.Content(
                $"<html><head><title>Bulletin</title></head><body><main><p>{_bulletin}</p></main></body></html>", "text/html; charset=utf-8"));
            app.MapGet("/compressed", async (HttpContext context) =>
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                context.Response.Headers.ContentEncoding = "gzip";
                using var buffer = new MemoryStream();
                await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
                {
                    await gzip.WriteAsync(Encoding.UTF8.GetBytes("<html><body><main><p>Compressed communiqué about the border.</p></main></body></html>"));
                }

                context.Response.ContentLength = buffer.Length;
                await context.Response.Body.WriteAsync(buffer.ToArray());
            });
            app.MapGet("/old-decree", () => Results.Redirect("/decree", permanent: false));
            app.MapGet("/report.pdf", () => Results.Bytes(_pdf, "application/pdf"));
        });
    }

    public override async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _files.Dispose();
        await base.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task ExportAfterChecks_ValidatesRecordByRecordWithWarcio()
    {
        var decree = await AddAsync("/decree");
        var bulletin = await AddAsync("/bulletin");
        var compressed = await AddAsync("/compressed");
        var moved = await AddAsync("/old-decree");
        var pdf = await AddAsync("/report.pdf");
        await CheckAsync(decree);
        await CheckAsync(bulletin);
        await CheckAsync(decree);
        _bulletin = "Fifty-two cases were recorded in January.";
        await CheckAsync(bulletin);
        await CheckAsync(compressed);
        await CheckAsync(moved);
        await CheckAsync(pdf);
        await CheckAsync(decree);

        using var response = await Client.GetAsync("/api/export/warc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/warc", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".warc.gz", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var outcome = await ValidateAsync(bytes);

        var records = outcome.Records;
        Assert.Equal("warcinfo", records[0].GetProperty("type").GetString());
        Assert.All(records, record => Assert.True(record.GetProperty("blockDigestVerified").GetBoolean(), record.ToString()));
        var byId = records.ToDictionary(r => r.GetProperty("recordId").GetString()!);

        var snapshots = new List<JsonElement>();
        foreach (var id in new[] { decree, bulletin, compressed, moved, pdf })
        {
            snapshots.AddRange((await GetJsonAsync($"/api/citations/{id}/snapshots")).GetProperty("items").EnumerateArray());
        }

        // Every capture is in the file once: a response with the stored bytes, or a revisit of an earlier response with them.
        var captures = records.Where(r => r.GetProperty("type").GetString() is "response" or "revisit").ToList();
        Assert.Equal(snapshots.Count, captures.Count);
        Assert.Equal(snapshots.Count, records.Count(r => r.GetProperty("type").GetString() == "request"));
        foreach (var snapshot in snapshots)
        {
            var stored = await Client.GetByteArrayAsync($"/api/snapshots/{snapshot.GetProperty("id").GetInt64()}/raw");
            var storedSha256 = Convert.ToHexStringLower(SHA256.HashData(stored));
            var capture = captures.Single(c =>
                c.GetProperty("date").GetString()!.StartsWith(snapshot.GetProperty("capturedAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff"), StringComparison.Ordinal));
            Assert.Equal(snapshot.GetProperty("finalUrl").GetString(), capture.GetProperty("targetUri").GetString());
            Assert.Equal(200, capture.GetProperty("httpStatus").GetInt32());
            var holder = capture.GetProperty("type").GetString() == "revisit" ? byId[capture.GetProperty("refersTo").GetString()!] : capture;
            Assert.Equal("response", holder.GetProperty("type").GetString());
            Assert.True(holder.GetProperty("payloadDigestVerified").GetBoolean());
            Assert.Equal(storedSha256, holder.GetProperty("payloadSha256").GetString());
            Assert.Equal(stored.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(capture, "Content-Length"));

            var request = byId[capture.GetProperty("concurrentTo").GetString()!];
            Assert.Equal("request", request.GetProperty("type").GetString());
            Assert.Equal(capture.GetProperty("recordId").GetString(), request.GetProperty("concurrentTo").GetString());
            Assert.Equal(capture.GetProperty("targetUri").GetString(), request.GetProperty("targetUri").GetString());
        }

        // The decree's three identical captures and the redirect that ended on it: one response, three revisits of it.
        var decreeUrl = _site.Url("/decree");
        var decreeCaptures = captures.Where(c => c.GetProperty("targetUri").GetString() == decreeUrl).ToList();
        Assert.Equal(4, decreeCaptures.Count);
        Assert.Equal("response", decreeCaptures[0].GetProperty("type").GetString());
        Assert.All(decreeCaptures.Skip(1), revisit =>
        {
            Assert.Equal("revisit", revisit.GetProperty("type").GetString());
            Assert.Equal("http://netpreserve.org/warc/1.1/revisit/identical-payload-digest", revisit.GetProperty("profile").GetString());
            Assert.Equal(decreeCaptures[0].GetProperty("recordId").GetString(), revisit.GetProperty("refersTo").GetString());
            Assert.Equal(decreeUrl, revisit.GetProperty("refersToTargetUri").GetString());
            Assert.Equal(decreeCaptures[0].GetProperty("date").GetString(), revisit.GetProperty("refersToDate").GetString());
            Assert.Equal(0, revisit.GetProperty("payloadLength").GetInt32());
        });
        Assert.Equal(["session=one; Path=/", "lang=es; Path=/"], Headers(decreeCaptures[0], "Set-Cookie"));

        // The changed bulletin: two responses with different payloads.
        var bulletinCaptures = captures.Where(c => c.GetProperty("targetUri").GetString() == _site.Url("/bulletin")).ToList();
        Assert.True(bulletinCaptures.Count >= 2);
        Assert.All(bulletinCaptures, c => Assert.Equal("response", c.GetProperty("type").GetString()));
        Assert.NotEqual(bulletinCaptures[0].GetProperty("payloadSha256").GetString(), bulletinCaptures[^1].GetProperty("payloadSha256").GetString());

        // The gzip answer is kept decoded: its Content-Encoding and compressed length stay on record, renamed.
        var gzipCapture = Assert.Single(captures, c => c.GetProperty("targetUri").GetString() == _site.Url("/compressed"));
        Assert.Equal("gzip", Header(gzipCapture, "X-Archive-Orig-Content-Encoding"));
        Assert.Null(Header(gzipCapture, "Content-Encoding"));
        Assert.NotNull(Header(gzipCapture, "X-Archive-Orig-Content-Length"));
        Assert.Contains("communiqué", Encoding.UTF8.GetString(await Client.GetByteArrayAsync(
            $"/api/snapshots/{snapshots.Single(s => s.GetProperty("finalUrl").GetString() == _site.Url("/compressed")).GetProperty("id").GetInt64()}/raw")), StringComparison.Ordinal);

        var pdfCapture = Assert.Single(captures, c => c.GetProperty("targetUri").GetString() == _site.Url("/report.pdf"));
        Assert.Equal("application/pdf", Header(pdfCapture, "Content-Type"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(_pdf)), pdfCapture.GetProperty("payloadSha256").GetString());

        // Each record is its own gzip member: read alone from its offset, it is one whole WARC record.
        foreach (var record in records)
        {
            using var member = new GZipStream(new MemoryStream(bytes, record.GetProperty("offset").GetInt32(), bytes.Length - record.GetProperty("offset").GetInt32()), CompressionMode.Decompress);
            var start = new byte[8];
            await member.ReadExactlyAsync(start);
            Assert.Equal("WARC/1.1", Encoding.ASCII.GetString(start));
        }
    }

    [OnBothDatabases]
    public async Task CitationAndDocumentExports_HoldOnlyTheirCaptures()
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new { title = "Statement", text = $"As decreed ({_site.Url("/decree")})." })).ReadJsonAsync();
        var cited = document.GetProperty("citations")[0].GetProperty("id").GetInt64();
        var other = await AddAsync("/bulletin");
        await CheckAsync(cited);
        await CheckAsync(other);

        using var citationWarc = await Client.GetAsync($"/api/citations/{cited}/warc");
        Assert.Equal($"citation-{cited}.warc.gz", citationWarc.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var citationRecords = (await ValidateAsync(await citationWarc.Content.ReadAsByteArrayAsync())).Records;
        using var documentWarc = await Client.GetAsync($"/api/documents/{document.GetProperty("id").GetInt64()}/warc");
        var documentRecords = (await ValidateAsync(await documentWarc.Content.ReadAsByteArrayAsync())).Records;

        foreach (var records in new[] { citationRecords, documentRecords })
        {
            Assert.Equal(["warcinfo", "request", "response"], records.Select(r => r.GetProperty("type").GetString()));
            Assert.All(records.Skip(1), r => Assert.Equal(_site.Url("/decree"), r.GetProperty("targetUri").GetString()));
        }
    }

    [OnBothDatabases]
    public async Task TimeRange_LeavesOutCapturesOutsideIt()
    {
        var id = await AddAsync("/decree");
        await CheckAsync(id);

        using var before = await Client.GetAsync("/api/export/warc?until=2000-01-01");
        var records = (await ValidateAsync(await before.Content.ReadAsByteArrayAsync())).Records;
        Assert.Equal("warcinfo", Assert.Single(records).GetProperty("type").GetString());
        using var since = await Client.GetAsync("/api/export/warc?since=2000-01-01");
        Assert.Equal(3, (await ValidateAsync(await since.Content.ReadAsByteArrayAsync())).Records.Count);
    }

    [OnBothDatabases]
    public async Task SnapshotJson_CarriesTheRequestSentAndTheAnswerAsReceived()
    {
        var id = await AddAsync("/compressed");
        var check = await CheckAsync(id);

        var snapshot = await GetJsonAsync($"/api/snapshots/{check.GetProperty("snapshotId").GetInt64()}");

        var request = snapshot.GetProperty("request");
        Assert.Equal("GET", request.GetProperty("method").GetString());
        Assert.Equal(_site.Url("/compressed"), request.GetProperty("url").GetString());
        var sent = request.GetProperty("headers").EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("value").GetString());
        Assert.Equal($"127.0.0.1:{_site.Port}", sent["Host"]);
        Assert.Equal("gzip, deflate, br", sent["Accept-Encoding"]);
        Assert.Contains("User-Agent", sent.Keys);
        var answer = snapshot.GetProperty("response");
        Assert.Equal("1.1", answer.GetProperty("httpVersion").GetString());
        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.Equal("OK", answer.GetProperty("reason").GetString());
        var received = answer.GetProperty("headers").EnumerateArray().ToDictionary(h => h.GetProperty("name").GetString()!, h => h.GetProperty("value").GetString());
        Assert.Equal("gzip", received["Content-Encoding"]);
        Assert.Equal("text/html; charset=utf-8", received["Content-Type"]);
    }

    [OnBothDatabases]
    public async Task BadRangeOrUnknownIds_AreProblems()
    {
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/export/warc?since=yesterday"), HttpStatusCode.BadRequest, "since");
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/export/warc?since=2026-02-01&until=2026-01-01"), HttpStatusCode.BadRequest, "until");
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/citations/999/warc"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/documents/999/warc"), HttpStatusCode.NotFound);
    }

    [OnBothDatabases]
    public async Task DamagedBodies_AreLeftOutOfTheExport_AndNeverServedAsTheCapture()
    {
        var decree = await AddAsync("/decree");
        var bulletin = await AddAsync("/bulletin");
        var pdf = await AddAsync("/report.pdf");
        var decreeSnapshot = (await CheckAsync(decree)).GetProperty("snapshotId").GetInt64();
        var bulletinSnapshot = (await CheckAsync(bulletin)).GetProperty("snapshotId").GetInt64();
        await CheckAsync(pdf);

        await using (var connection = await Factory.OpenDatabaseAsync())
        {
            // The decree's stored body swapped for the bulletin's bytes (decodes fine, wrong hash); the bulletin's corrupted.
            await connection.ExecuteAsync(
                """
                UPDATE bodies SET encoding = (SELECT b.encoding FROM bodies b JOIN snapshots s ON s.sha256 = b.sha256 WHERE s.id = @bulletin),
                                  data = (SELECT b.data FROM bodies b JOIN snapshots s ON s.sha256 = b.sha256 WHERE s.id = @bulletin)
                WHERE sha256 = (SELECT sha256 FROM snapshots WHERE id = @decree);
                UPDATE bodies SET encoding = 'br', data = @garbage
                WHERE sha256 = (SELECT sha256 FROM snapshots WHERE id = @bulletin);
                """,
                new { decree = decreeSnapshot, bulletin = bulletinSnapshot, garbage = Convert.FromHexString("1B2A3B4C5D6E7F") });
        }

        using var export = await Client.GetAsync("/api/export/warc");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var records = (await ValidateAsync(await export.Content.ReadAsByteArrayAsync())).Records;
        var targets = records.Skip(1).Select(r => r.GetProperty("targetUri").GetString()).ToList();
        Assert.Equal([_site.Url("/report.pdf"), _site.Url("/report.pdf")], targets);

        foreach (var (snapshot, problem) in new[] { (decreeSnapshot, "mismatch"), (bulletinSnapshot, "unreadable") })
        {
            var raw = await Client.GetAsync($"/api/snapshots/{snapshot}/raw");
            await ProblemAssert.IsProblemAsync(raw, HttpStatusCode.InternalServerError);
            Assert.Equal(problem, (await raw.ReadJsonAsync()).GetProperty("problem").GetString());
        }
    }

    [OnBothDatabases]
    public async Task Export_IsInCaptureOrder_EvenWhenALaterRecordStartedEarlier()
    {
        var first = await AddAsync("/decree");
        var second = await AddAsync("/old-decree");
        var firstSnapshot = (await CheckAsync(first)).GetProperty("snapshotId").GetInt64();
        await CheckAsync(second);

        // A check that started earlier but was recorded later: its snapshot has the higher id and the earlier time.
        await using (var connection = await Factory.OpenDatabaseAsync())
        {
            await connection.ExecuteAsync("UPDATE snapshots SET captured_at = '2001-01-01T00:00:00.0000000Z' WHERE id = @id", new { id = firstSnapshot + 1 });
        }

        using var export = await Client.GetAsync("/api/export/warc");
        var records = (await ValidateAsync(await export.Content.ReadAsByteArrayAsync())).Records.Skip(1).ToList();
        var dates = records.Select(r => DateTimeOffset.Parse(r.GetProperty("date").GetString()!)).ToList();
        Assert.Equal(dates.Order(), dates);
        Assert.Equal("response", records[1].GetProperty("type").GetString());
        Assert.Equal("revisit", records[3].GetProperty("type").GetString());
        Assert.True(dates[0] < dates[3]);
    }

    private Task<WarcValidator.Outcome> ValidateAsync(byte[] warc) => WarcValidator.ValidateExportAsync(warc, _files.Path);

    private static string? Header(JsonElement record, string name) => Headers(record, name).SingleOrDefault();

    private static string[] Headers(JsonElement record, string name) =>
        record.GetProperty("httpHeaders").EnumerateArray()
            .Where(pair => string.Equals(pair[0].GetString(), name, StringComparison.OrdinalIgnoreCase))
            .Select(pair => pair[1].GetString()!)
            .ToArray();

    private async Task<long> AddAsync(string path) =>
        (await (await Client.PostJsonAsync("/api/citations", new { url = _site.Url(path) })).ReadJsonAsync()).GetProperty("id").GetInt64();

    private async Task<JsonElement> CheckAsync(long id) =>
        await (await Client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();

    private async Task<JsonElement> GetJsonAsync(string path) => await (await Client.GetAsync(path)).ReadJsonAsync();
}
