using System.IO.Compression;
using System.Text;
using CitationMonitor.Domain.Documents;
using static CitationMonitor.Domain.Tests.Documents.DocumentFiles;

namespace CitationMonitor.Domain.Tests.Documents;

public sealed class DocumentKindsTests
{
    private static DocumentKind? Detect(string text) => DocumentKinds.Detect(Utf8(text));

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>x</body></html>")]
    [InlineData("<!doctype HTML>\n<title>x</title>")]
    [InlineData("\uFEFF  \r\n<html lang=\"es\">")]
    [InlineData("<HTML>")]
    [InlineData("<head><meta charset=\"utf-8\"></head>")]
    [InlineData("<meta charset=\"utf-8\"><p>Fragment saved by an editor</p>")]
    [InlineData("<body><p>x</p></body>")]
    [InlineData("<title>Only a title</title>")]
    [InlineData("<!-- saved from url=(0045)https://www.oas.org/es/cidh/prensa/comunicados/ -->\n<html>")]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">")]
    public void Html_ByHowThePageStarts(string text) => Assert.Equal(DocumentKind.Html, Detect(text));

    [Theory]
    [InlineData("# Informe\n\nVer https://example.org/ y <b>más</b>.")]
    [InlineData("<div align=\"center\"><img src=\"logo.png\"></div>\n\n# README in Markdown")]
    [InlineData("<p>A paragraph of HTML-ish Markdown</p>")]
    [InlineData("<htmlx>not a page</htmlx>")]
    [InlineData("Plain text that mentions <html> later on.")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"name\": \"not CSL\" }")]
    [InlineData("[{ \"title\": \"no type\", \"URL\": \"https://example.org/\" }]")]
    [InlineData("[{ \"type\": \"webpage\", \"URL\": \"https://example.org/\" }, 5]")]
    [InlineData("[]")]
    [InlineData("[ not json at all")]
    [InlineData("@john said https://example.org/ was down")]
    [InlineData("Email me at @misc{ later")]
    [InlineData("<?xml version=\"1.0\"?><rss><channel><link>https://example.org/</link></channel></rss>")]
    [InlineData("Texto en español con acentos: represión, año.")]
    public void Text_ForMarkdownPlainTextAndOtherJsonOrXml(string text) => Assert.Equal(DocumentKind.Text, Detect(text));

    [Theory]
    [InlineData("[{ \"id\": \"a\", \"type\": \"webpage\", \"URL\": \"https://example.org/\" }]")]
    [InlineData("\uFEFF[{ \"type\": \"book\", \"title\": \"T\" }]")]
    [InlineData("{ \"items\": [{ \"type\": \"article-journal\", \"DOI\": \"10.1/x\" }] }")]
    [InlineData("[{ \"type\": \"webpage\", \"url\": \"https://example.org/\" }]")]
    public void CslJson_ArraysOfCslItems(string text) => Assert.Equal(DocumentKind.CslJson, Detect(text));

    [Theory]
    [InlineData("@article{key,\n title = {T}\n}")]
    [InlineData("\n\n@misc{cidh_cidh_2020,\n\ttitle = {T},\n}")]
    [InlineData("% Encoding: UTF-8\n\n@Book{Smith2020,\n  author = {S}\n}")]
    [InlineData("@string{ acm = \"ACM\" }\n@misc{k, title = acm}")]
    [InlineData("@comment{jabref-meta: x}\n")]
    [InlineData("@preamble{ \"x\" }")]
    [InlineData("@misc(key, title = {T})")]
    [InlineData("@online{pérez:2020/a, url = {https://example.org/}}")]
    public void BibTex_ByItsFirstEntry(string text) => Assert.Equal(DocumentKind.Bibtex, Detect(text));

    [Fact]
    public void Fixtures_AreTheKindsTheirBytesSay()
    {
        Assert.Equal(DocumentKind.Bibtex, DocumentKinds.Detect(Bytes(ZoteroBibTex)));
        Assert.Equal(DocumentKind.CslJson, DocumentKinds.Detect(Bytes(ZoteroCslJson)));
        Assert.Equal(DocumentKind.Html, DocumentKinds.Detect(Bytes(StatementWithBase)));
    }

    [Fact]
    public void Pdf_ByItsMagicNumber() => Assert.Equal(DocumentKind.Pdf, DocumentKinds.Detect("%PDF-1.7\n%âãÏÓ\n1 0 obj"u8));

    [Fact]
    public void Png_IsNotRead()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01];

        Assert.Null(DocumentKinds.Detect(png));
    }

    [Fact]
    public void Jpeg_And_Gif_AreNotRead()
    {
        Assert.Null(DocumentKinds.Detect([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00]));
        Assert.Null(DocumentKinds.Detect([.. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00]));
    }

    [Fact]
    public void SvgImage_IsNotRead()
    {
        Assert.Null(Detect("<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"https://example.org/\"><text>x</text></a></svg>"));
        Assert.Null(Detect("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    }

    [Fact]
    public void Zip_IsNotRead_EvenWhenItHoldsOnlyText()
    {
        Assert.Null(DocumentKinds.Detect(Zip(("notes.txt", "See https://example.org/"))));
    }

    [Fact]
    public void Zip_WithAWordFilesParts_IsNotReadAsText()
    {
        // Word files are ZIP archives: until the Word reader knows them, they are not mistaken for text.
        var docx = Zip(
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"),
            ("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>https://example.org/</w:t></w:r></w:p></w:body></w:document>"));

        Assert.NotEqual(DocumentKind.Text, DocumentKinds.Detect(docx));
        Assert.NotEqual(DocumentKind.Html, DocumentKinds.Detect(docx));
    }

    [Fact]
    public void OtherBinary_IsNotRead()
    {
        Assert.Null(DocumentKinds.Detect([0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]));
        Assert.Null(DocumentKinds.Detect(Encoding.UTF8.GetBytes("text with a NUL\0 inside")));
    }

    [Fact]
    public void LegacyEncodedText_IsText()
    {
        var latin = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("Informe sobre la represión en 2019: https://example.org/");

        Assert.Equal(DocumentKind.Text, DocumentKinds.Detect(latin));
    }

    [Fact]
    public void Utf16TextWithByteOrderMark_IsText()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Ver https://example.org/")).ToArray();

        Assert.Equal(DocumentKind.Text, DocumentKinds.Detect(bytes));
    }

    [Fact]
    public void TextCutInsideACharacterAtTheSniffLimit_IsStillText()
    {
        var text = new string('a', 64 * 1024 - 1) + "é and more";

        Assert.Equal(DocumentKind.Text, Detect(text));
    }

    internal static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return stream.ToArray();
    }
}
