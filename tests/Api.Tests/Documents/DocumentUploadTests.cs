using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Documents;

/// <summary>Documents uploaded as files (multipart/form-data): read by what their bytes are, kept byte for byte, refused with a reason.</summary>
public sealed class DocumentUploadTests() : ApiTest(new Dictionary<string, string?> { ["Monitor:Limits:MaxUploadBytes"] = "65536" })
{
    [OnBothDatabases]
    public async Task AMarkdownFile_IsReadAsText_AndKeptByteForByte()
    {
        var bytes = Encoding.UTF8.GetBytes("# Informe\n\nLa CIDH (https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp?utm_source=x) expresó preocupación.\n");

        var response = await Client.PostAsync("/api/documents", Upload(bytes, "informe.md", ("title", "Informe sobre la caravana"), ("publishedAt", "2021-01-20")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var document = await response.ReadJsonAsync();
        Assert.Equal("Informe sobre la caravana", document.GetProperty("title").GetString());
        Assert.Equal("text", document.GetProperty("kind").GetString());
        Assert.Equal("2021-01-20T00:00:00+00:00", document.GetProperty("publishedAt").GetString());
        var citation = Assert.Single(document.GetProperty("citations").EnumerateArray());
        Assert.Equal("https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", citation.GetProperty("normalizedUrl").GetString());
        var original = document.GetProperty("original");
        Assert.Equal("informe.md", original.GetProperty("name").GetString());
        Assert.Equal(bytes.Length, original.GetProperty("byteLength").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), original.GetProperty("sha256").GetString());

        var back = await Client.GetAsync($"/api/documents/{document.GetProperty("id").GetInt64()}/original");
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(bytes, await back.Content.ReadAsByteArrayAsync());
        Assert.Equal("informe.md", back.Content.Headers.ContentDisposition?.FileNameStar ?? back.Content.Headers.ContentDisposition?.FileName);
    }

    [OnBothDatabases]
    public async Task WithoutATitle_TheFilesNameIsTheTitle()
    {
        var document = await (await Client.PostAsync("/api/documents", Upload("Sin fuentes.\n"u8.ToArray(), "notas.txt"))).ReadJsonAsync();

        Assert.Equal("notas.txt", document.GetProperty("title").GetString());
        Assert.Equal(0, document.GetProperty("citationCount").GetInt32());
    }

    [OnBothDatabasesTheory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "statement.pdf")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46 }, "statement.txt")]
    public async Task AFileOfAKindTheMonitorDoesNotRead_Is415_AndNothingIsStored(byte[] bytes, string name)
    {
        var response = await Client.PostAsync("/api/documents", Upload(bytes, name));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("bytes, not its name", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await (await Client.GetAsync("/api/documents")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [OnBothDatabases]
    public async Task AnEmptyFile_Is400NamingTheFile()
    {
        await ProblemAssert.IsProblemAsync(await Client.PostAsync("/api/documents", Upload([], "empty.pdf")), HttpStatusCode.BadRequest, "file");
        Assert.Equal(0, (await (await Client.GetAsync("/api/documents")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [OnBothDatabases]
    public async Task AFormWithoutAFile_Is400SayingHowToSendIt()
    {
        using var form = new MultipartFormDataContent { { new StringContent("Informe"), "title" } };

        var problem = await ProblemAssert.IsProblemAsync(await Client.PostAsync("/api/documents", form), HttpStatusCode.BadRequest, "file");

        Assert.Contains("file=@", problem.GetRawText(), StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task AFileOverTheLimit_Is413NamingTheSetting()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('x', 70_000));

        var problem = await ProblemAssert.IsProblemAsync(await Client.PostAsync("/api/documents", Upload(bytes, "big.txt")), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("Monitor:Limits:MaxUploadBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task BadFormFields_Are400NamingThem_AndADocumentPostedAsTextHasNoOriginal()
    {
        var bad = Upload("https://a.example.org/x\n"u8.ToArray(), "a.txt", ("sourceUrl", "not a url"), ("publishedAt", "yesterday"));
        var problem = await ProblemAssert.IsProblemAsync(await Client.PostAsync("/api/documents", bad), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("sourceUrl", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("publishedAt", out _));

        var text = await (await Client.PostJsonAsync("/api/documents", new { title = "t", text = "https://a.example.org/x" })).ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, text.GetProperty("original").ValueKind);
        await ProblemAssert.IsProblemAsync(await Client.GetAsync($"/api/documents/{text.GetProperty("id").GetInt64()}/original"), HttpStatusCode.NotFound);
    }

    [OnBothDatabases]
    public async Task ABodyNeitherJsonNorAForm_Is415SayingBothWays()
    {
        using var body = new StringContent("hola", Encoding.UTF8, "text/plain");

        var problem = await ProblemAssert.IsProblemAsync(await Client.PostAsync("/api/documents", body), HttpStatusCode.UnsupportedMediaType);

        Assert.Contains("multipart/form-data", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string name, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        foreach (var (field, value) in fields)
        {
            form.Add(new StringContent(value), field);
        }

        return form;
    }
}

/// <summary>A reference manager's export uploaded through the API: every entry with a URL or DOI watched, with its access date.</summary>
public sealed class ReferenceExportUploadTests : ApiTest
{
    [OnBothDatabasesTheory]
    [InlineData("zotero.bib", "bibtex")]
    [InlineData("zotero.json", "csl-json")]
    public async Task AZoteroExport_WatchesEachEntry_WithItsAccessDate_AndListsTheEntryWithoutAUrl(string file, string kind)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Documents", file));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", file } };

        var response = await Client.PostAsync("/api/documents", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var document = await response.ReadJsonAsync();
        Assert.Equal(kind, document.GetProperty("kind").GetString());
        var places = document.GetProperty("citations").EnumerateArray()
            .ToDictionary(c => c.GetProperty("normalizedUrl").GetString()!, c => c);
        Assert.Equal("2021-01-20T00:00:00+00:00", places["https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp"].GetProperty("accessedAt").GetString());
        Assert.Equal("2021-02-03T00:00:00+00:00", places["https://doi.org/10.1234/rdh.2019.0042"].GetProperty("accessedAt").GetString());
        Assert.Contains("https://www.hrw.org/es/report/2021/06/10/nicaragua?id=5", places.Keys);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, places["https://www.ohchr.org/es/statements/2019/07/declaracion-conjunta"].GetProperty("accessedAt").ValueKind);
        var skipped = Assert.Single(document.GetProperty("skipped").EnumerateArray());
        Assert.Equal("no_url", skipped.GetProperty("reason").GetString());
        Assert.Contains("Memoria", skipped.GetProperty("text").GetString(), StringComparison.Ordinal);

        // The citation's own access date is the earliest of its places'.
        var citation = await (await Client.GetAsync($"/api/citations/{places["https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp"].GetProperty("id").GetInt64()}")).ReadJsonAsync();
        Assert.Equal("2021-01-20T00:00:00+00:00", citation.GetProperty("accessedAt").GetString());
    }

    [OnBothDatabases]
    public async Task AWebPage_WithRelativeLinksAndABase_IsReadAsHtml_ItsLinksResolved()
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Documents", "statement-with-base.html"));
        using var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", "statement.txt" } };

        var document = await (await Client.PostAsync("/api/documents", form)).ReadJsonAsync();

        Assert.Equal("html", document.GetProperty("kind").GetString());
        Assert.NotEqual(0, document.GetProperty("citationCount").GetInt32());
        Assert.All(document.GetProperty("citations").EnumerateArray(), c => Assert.StartsWith("http", c.GetProperty("normalizedUrl").GetString(), StringComparison.Ordinal));
        Assert.Contains(document.GetProperty("skipped").EnumerateArray(), s => s.GetProperty("reason").GetString() == "email");
    }
}
