using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Fixtures;
using CitationMonitor.TestSupport.Http;
using Dapper;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>
/// An uploaded file is evidence like a capture: a snapshot of its document (origin <c>upload</c>) in the hash chain,
/// checked by fixity runs, and a <c>resource</c> record in WARC exports that warcio.js reads back with verified digests.
/// </summary>
public sealed class UploadedFileEvidenceTests : ApiTest
{
    private readonly TestFolder _files = new();
    private readonly byte[] _pdf = FixturePdfs.Original();

    public override async Task DisposeAsync()
    {
        _files.Dispose();
        await base.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task AnUploadedPdf_IsASnapshotOfItsDocument_SealedInTheChain()
    {
        var document = await UploadAsync(_pdf, "statement.pdf");
        var original = document.GetProperty("original");
        var snapshotId = original.GetProperty("snapshotId").GetInt64();

        var snapshot = await (await Client.GetAsync($"/api/snapshots/{snapshotId}")).ReadJsonAsync();
        Assert.Equal("upload", snapshot.GetProperty("origin").GetString());
        Assert.Equal(document.GetProperty("id").GetInt64(), snapshot.GetProperty("documentId").GetInt64());
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("citationId").ValueKind);
        Assert.Equal("application/pdf", snapshot.GetProperty("contentType").GetString());
        Assert.Equal(Sha256(_pdf), snapshot.GetProperty("sha256").GetString());
        Assert.Equal($"urn:citation-monitor:document:{document.GetProperty("id").GetInt64()}", snapshot.GetProperty("url").GetString());
        Assert.Equal(_pdf, await Client.GetByteArrayAsync($"/api/snapshots/{snapshotId}/raw"));
        Assert.Contains("Overcrowding", await Client.GetStringAsync($"/api/snapshots/{snapshotId}/text"), StringComparison.Ordinal);

        var chain = await (await Client.GetAsync("/api/fixity/chain")).ReadJsonAsync();
        Assert.True(chain.GetProperty("intact").GetBoolean());
        Assert.Equal(1, chain.GetProperty("length").GetInt64());
        Assert.Equal(snapshotId, chain.GetProperty("head").GetProperty("snapshotId").GetInt64());

        // Re-dating the kept file after the fact breaks the chain at it.
        await using var db = await Factory.OpenDatabaseAsync();
        await db.ExecuteAsync("UPDATE snapshots SET captured_at = '2020-01-01T00:00:00.0000000Z' WHERE id = @snapshotId", new { snapshotId });
        var broken = await (await Client.GetAsync("/api/fixity/chain")).ReadJsonAsync();
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(snapshotId, broken.GetProperty("firstBroken").GetProperty("snapshotId").GetInt64());
    }

    [OnBothDatabases]
    public async Task AFixityRun_CatchesADamagedOriginal_NamingItsSnapshot()
    {
        var document = await UploadAsync(_pdf, "statement.pdf");
        var snapshotId = document.GetProperty("original").GetProperty("snapshotId").GetInt64();
        var sha256 = Sha256(_pdf);
        await using (var db = await Factory.OpenDatabaseAsync())
        {
            var data = await db.QuerySingleAsync<byte[]>("SELECT data FROM bodies WHERE sha256 = @sha256", new { sha256 });
            data[^5] ^= 0x01;
            await db.ExecuteAsync("UPDATE bodies SET data = @data WHERE sha256 = @sha256", new { data, sha256 });
        }

        var started = await Client.PostAsync("/api/fixity/run", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.ReadJsonAsync()).GetProperty("runId").GetInt64();
        JsonElement run = default;
        Assert.True(await Eventually.TrueWithinAsync(async () =>
        {
            run = (await (await Client.GetAsync("/api/fixity")).ReadJsonAsync()).GetProperty("lastRun");
            return run.GetProperty("id").GetInt64() == runId && run.GetProperty("finishedAt").ValueKind != JsonValueKind.Null;
        }, TimeSpan.FromSeconds(30)));

        var failure = Assert.Single(run.GetProperty("failures").EnumerateArray());
        Assert.Equal(sha256, failure.GetProperty("sha256").GetString());
        Assert.Equal([snapshotId], failure.GetProperty("snapshotIds").EnumerateArray().Select(e => e.GetInt64()));
        var raw = await Client.GetAsync($"/api/snapshots/{snapshotId}/raw");
        await ProblemAssert.IsProblemAsync(raw, HttpStatusCode.InternalServerError);
        var original = await Client.GetAsync($"/api/documents/{document.GetProperty("id").GetInt64()}/original");
        await ProblemAssert.IsProblemAsync(original, HttpStatusCode.InternalServerError);
    }

    [OnBothDatabases]
    public async Task WarcExports_HoldTheFileAsAResourceRecord_NamedByTheDocumentsAddress()
    {
        var document = await UploadAsync(_pdf, "statement.pdf", ("sourceUrl", "https://www.example.org/statement.pdf"));
        var id = document.GetProperty("id").GetInt64();
        var other = await UploadAsync("Sin fuentes.\n"u8.ToArray(), "notes.txt");

        using var export = await Client.GetAsync($"/api/documents/{id}/warc");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var records = await ValidateAsync(await export.Content.ReadAsByteArrayAsync());

        Assert.Equal(["warcinfo", "resource"], records.Select(r => r.GetProperty("type").GetString()));
        var resource = records[1];
        Assert.Equal("https://www.example.org/statement.pdf", resource.GetProperty("targetUri").GetString());
        Assert.Equal("application/pdf", resource.GetProperty("contentType").GetString());
        Assert.True(resource.GetProperty("blockDigestVerified").GetBoolean());
        Assert.True(resource.GetProperty("payloadDigestVerified").GetBoolean());
        Assert.Equal(Sha256(_pdf), resource.GetProperty("payloadSha256").GetString());
        Assert.Equal(_pdf.Length, resource.GetProperty("payloadLength").GetInt32());

        // The whole export holds every document's file; a citation's export holds none.
        using var all = await Client.GetAsync("/api/export/warc");
        var allRecords = await ValidateAsync(await all.Content.ReadAsByteArrayAsync());
        Assert.Equal(
            ["https://www.example.org/statement.pdf", $"urn:citation-monitor:document:{other.GetProperty("id").GetInt64()}"],
            allRecords.Where(r => r.GetProperty("type").GetString() == "resource").Select(r => r.GetProperty("targetUri").GetString()));
        var citation = document.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("id").GetInt64()).FirstOrDefault();
        if (citation > 0)
        {
            using var citationWarc = await Client.GetAsync($"/api/citations/{citation}/warc");
            Assert.DoesNotContain(await ValidateAsync(await citationWarc.Content.ReadAsByteArrayAsync()), r => r.GetProperty("type").GetString() == "resource");
        }
    }

    private async Task<JsonElement> UploadAsync(byte[] bytes, string name, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        foreach (var (fieldName, value) in fields)
        {
            form.Add(new StringContent(value), fieldName);
        }

        var response = await Client.PostAsync("/api/documents", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<List<JsonElement>> ValidateAsync(byte[] warc) => [.. (await WarcValidator.ValidateExportAsync(warc, _files.Path)).Records];

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
