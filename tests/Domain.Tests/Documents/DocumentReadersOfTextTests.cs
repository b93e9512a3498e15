using CitationMonitor.Domain.Documents;
using static CitationMonitor.Domain.Tests.Documents.DocumentFiles;

namespace CitationMonitor.Domain.Tests.Documents;

public sealed class DocumentReadersOfTextTests
{
    [Fact]
    public void AFileWhoseNameLies_IsReadAsWhatItsBytesAre()
    {
        // Uploaded as "informe.pdf", "referencias.txt" and "fuentes.bib": the names are never looked at.
        var page = DocumentReaders.Read(Bytes(StatementWithBase), null)!;
        var bibtex = DocumentReaders.Read(Bytes(ZoteroBibTex), null)!;
        var csl = DocumentReaders.Read(Bytes(ZoteroCslJson), null)!;

        Assert.Equal(DocumentKind.Html, page.Kind);
        Assert.Equal(DocumentKind.Bibtex, bibtex.Kind);
        Assert.Equal(DocumentKind.CslJson, csl.Kind);
    }

    [Fact]
    public void AnImage_IsNotRead()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];

        Assert.Null(DocumentReaders.Read(png, null));
    }

    [Fact]
    public void AZip_IsNotRead() =>
        Assert.Null(DocumentReaders.Read(DocumentKindsTests.Zip(("fuentes.txt", "https://example.org/")), null));

    [Fact]
    public void AnEmptyFile_IsUnreadable()
    {
        var error = Assert.Throws<UnreadableDocumentException>(() => DocumentReaders.Read([], null));

        Assert.Equal("The file is empty.", error.Message);
    }

    [Theory]
    [InlineData(ZoteroBibTex)]
    [InlineData(ZoteroCslJson)]
    [InlineData(StatementWithBase)]
    public void EveryTruncationOfAFile_IsReadOrUnreadable_NeverAnotherError(string name)
    {
        var bytes = Bytes(name);
        for (var length = 1; length < bytes.Length; length += 5)
        {
            try
            {
                DocumentReaders.Read(bytes[..length], "https://example.org/dir/page.html");
            }
            catch (UnreadableDocumentException)
            {
                // A file cut short may say so.
            }
        }
    }

    [Fact]
    public void ATruncatedBibTexFile_SaysItIsCutShort()
    {
        var bytes = Bytes(ZoteroBibTex);

        var error = Assert.Throws<UnreadableDocumentException>(() => DocumentReaders.Read(bytes[..(bytes.Length / 2)], null));

        Assert.Contains("cut short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomBytes_AreNotRead_OrReadAsText_NeverAnError()
    {
        const string Noise = "@{}\\\"'=,#%<>/:ab( )\n[]";
        var random = new Random(20210120);
        for (var i = 0; i < 300; i++)
        {
            var bytes = new byte[random.Next(1, 400)];
            random.NextBytes(bytes);
            if (i % 3 == 0)
            {
                // Printable noise with markup and BibTeX characters, which passes as text.
                for (var j = 0; j < bytes.Length; j++)
                {
                    bytes[j] = (byte)Noise[bytes[j] % Noise.Length];
                }
            }

            try
            {
                DocumentReaders.Read(bytes, null);
            }
            catch (UnreadableDocumentException)
            {
            }
        }
    }

    [Fact]
    public void PlainText_CitationsAsTheExtractorFindsThem_AndWhatItSkips()
    {
        const string text = """
            Comunicado de prensa

            La CIDH publicó su informe en https://www.oas.org/es/cidh/informes/2020.pdf.
            Consultas: prensa@example.org (no a mailto:info@www.example.org).
            El archivo está en ftp://ftp.example.org/informe.pdf y en http://usuario:clave@example.org/privado.
            """;

        var read = DocumentReaders.Read(Utf8(text), null)!;

        Assert.Equal(DocumentKind.Text, read.Kind);
        Assert.Null(read.Title);
        Assert.Equal(
            [("https://www.oas.org/es/cidh/informes/2020.pdf", "La CIDH publicó su informe en https://www.oas.org/es/cidh/informes/2020.pdf.", null)],
            Cited(read));
        Assert.Equal(
            [
                ("prensa@example.org", SkipReasons.Email),
                ("mailto:info@www.example.org", SkipReasons.Email),
                ("ftp://ftp.example.org/informe.pdf", SkipReasons.Scheme),
                ("http://usuario:clave@example.org/privado", SkipReasons.Malformed),
            ],
            Skipped(read));
    }

    [Fact]
    public void Markdown_IsText()
    {
        const string markdown = "# Fuentes\n\n- [Informe](https://example.org/informe)\n- <https://example.org/anexo>\n";

        var read = DocumentReaders.Read(Utf8(markdown), null)!;

        Assert.Equal(DocumentKind.Text, read.Kind);
        Assert.Equal(["https://example.org/informe", "https://example.org/anexo"], read.Citations.Select(c => c.Url));
    }

    [Fact]
    public void TextWithByteOrderMark_OrInWindows1252_IsDecoded()
    {
        var bom = DocumentReaders.Read([0xEF, 0xBB, 0xBF, .. Utf8("Ver https://example.org/a")], null)!;
        var legacy = DocumentReaders.Read(System.Text.CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("Represión: https://example.org/b"), null)!;

        Assert.Equal([("https://example.org/a", "Ver https://example.org/a", null)], Cited(bom));
        Assert.Equal([("https://example.org/b", "Represión: https://example.org/b", null)], Cited(legacy));
    }
}
