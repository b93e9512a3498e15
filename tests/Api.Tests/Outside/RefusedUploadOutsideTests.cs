using System.IO.Compression;
using System.Net;
using System.Text;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// Files the monitor cannot take, refused with a problem that says why and nothing stored; and files whose name lies,
/// read by what their bytes are.
/// </summary>
public sealed class RefusedUploadOutsideTests() : OutsideApiTest(new Dictionary<string, string?> { ["Monitor:Limits:MaxUploadBytes"] = "100000" })
{
    [Fact]
    public async Task ACorruptPdf_Is400NamingTheFile_AndNothingIsStored()
    {
        var bytes = Encoding.Latin1.GetBytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R\n\u0000\u0013\u00ff garbage where the objects should be");

        await ProblemAssert.IsProblemAsync(await UploadAsync(bytes, "informe.pdf"), HttpStatusCode.BadRequest, "file");

        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task ATruncatedPdf_Is400NamingTheFile_AndNothingIsStored()
    {
        var whole = PdfUploadOutsideTests.Statement();

        await ProblemAssert.IsProblemAsync(await UploadAsync(whole[..(whole.Length / 3)], "informe.pdf"), HttpStatusCode.BadRequest, "file");

        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task AZipRenamedDocx_Is415_AndNothingIsStored()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("notas.txt").Open());
            entry.Write("Véase https://fuente.example.org/a.html");
        }

        var problem = await ProblemAssert.IsProblemAsync(await UploadAsync(zip.ToArray(), "informe.docx"), HttpStatusCode.UnsupportedMediaType);

        Assert.False(string.IsNullOrWhiteSpace(Text(problem, "detail")));
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task ATruncatedWordFile_Is400NamingTheFile_AndNothingIsStored()
    {
        var whole = DocxUploadOutsideTests.Statement();

        await ProblemAssert.IsProblemAsync(await UploadAsync(whole[..(whole.Length / 2)], "declaracion.docx"), HttpStatusCode.BadRequest, "file");

        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task AnImageNamedPdf_Is415_AndNothingIsStored()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0];

        await ProblemAssert.IsProblemAsync(await UploadAsync(png, "informe.pdf"), HttpStatusCode.UnsupportedMediaType);

        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task AnEmptyFile_Is400NamingTheFile_AndNothingIsStored()
    {
        await ProblemAssert.IsProblemAsync(await UploadAsync([], "informe.pdf"), HttpStatusCode.BadRequest, "file");

        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task AFileOverTheUploadLimit_Is413_AndNothingIsStored()
    {
        var bytes = Encoding.UTF8.GetBytes("https://fuente.example.org/a.html\n" + new string('x', 100_001));

        var problem = await ProblemAssert.IsProblemAsync(await UploadAsync(bytes, "grande.txt"), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("MaxUploadBytes", problem.GetRawText(), StringComparison.Ordinal);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task AFileJustUnderTheUploadLimit_IsTaken()
    {
        var bytes = Encoding.UTF8.GetBytes("https://fuente.example.org/a.html\n" + new string('x', 99_000));

        var document = await UploadCreatedAsync(bytes, "grande.txt");

        Assert.Equal(["https://fuente.example.org/a.html"], NormalizedUrls(document));
    }

    [Fact]
    public async Task AFileWhoseNameLies_IsReadByItsBytes()
    {
        var html = Encoding.UTF8.GetBytes("<!doctype html><html><head><title>Nota</title></head><body><main><p>Ver <a href=\"https://fuente.example.org/h.html\">la nota</a> completa.</p></main></body></html>");
        var bibtex = ReferenceExportOutsideTests.Bibtex();
        var docx = DocxUploadOutsideTests.Statement();

        Assert.Equal("html", (await UploadCreatedAsync(html, "informe.pdf")).GetProperty("kind").GetString());
        Assert.Equal("bibtex", (await UploadCreatedAsync(bibtex, "referencias.docx")).GetProperty("kind").GetString());
        Assert.Equal("docx", (await UploadCreatedAsync(docx, "declaracion.pdf")).GetProperty("kind").GetString());
    }
}
