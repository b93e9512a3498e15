using System.IO.Compression;
using CitationMonitor.Domain.Documents;

namespace CitationMonitor.Domain.Tests.Documents;

public sealed class DocumentReadersTests
{
    [Fact]
    public void PdfBytes_AreReadAsAPdf()
    {
        var pdf = new TestPdf();
        pdf.AddPage().Line("Fuente: https://example.org/informe");

        var read = DocumentReaders.Read(pdf.Build(), null);

        Assert.Equal(DocumentKind.Pdf, read!.Kind);
        Assert.Equal(["https://example.org/informe"], read.Citations.Select(c => c.Url));
    }

    [Fact]
    public void WordBytes_AreReadAsAWordFile()
    {
        var read = DocumentReaders.Read(new TestDocx().Paragraph("Fuente: https://example.org/informe").Build(), null);

        Assert.Equal(DocumentKind.Docx, read!.Kind);
        Assert.Equal(["https://example.org/informe"], read.Citations.Select(c => c.Url));
    }

    [Fact]
    public void ZipThatIsNotAWordFile_IsOfNoKindTheMonitorReads()
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("fotos/lista.txt").Open());
            writer.Write("https://example.org/a");
        }

        var bytes = stream.ToArray();

        Assert.Null(DocumentKinds.Detect(bytes));
        Assert.Null(DocumentReaders.Read(bytes, null));
    }

    [Fact]
    public void ZipNamingWordsDocumentOnlyInsideAnEntry_IsNotAWordFile()
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry("notas.txt", CompressionLevel.NoCompression).Open());
            writer.Write("See word/document.xml in any .docx file.");
        }

        Assert.Null(DocumentKinds.Detect(stream.ToArray()));
    }

    [Fact]
    public void EmptyFile_IsUnreadable()
    {
        var error = Assert.Throws<UnreadableDocumentException>(() => DocumentReaders.Read([], null));

        Assert.Equal("The file is empty.", error.Message);
    }

    [Fact]
    public void PasswordProtectedPdf_IsUnreadableAndSaysWhy()
    {
        var pdf = new TestPdf();
        pdf.AddPage().Line("Confidencial: https://example.org/a");
        var text = System.Text.Encoding.Latin1.GetString(pdf.Build());
        var hash = new string('A', 64);
        var encrypt = $"99 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <{hash}> /U <{hash}> /P -44 >>\nendobj\n";
        var xref = text.IndexOf("xref\n", StringComparison.Ordinal);
        var shifted = text[..xref] + encrypt + text[xref..].Replace("/Info 4 0 R >>", "/Info 4 0 R /Encrypt 99 0 R /ID [<00> <00>] >>", StringComparison.Ordinal);
        var start = shifted.IndexOf("xref\n", StringComparison.Ordinal);
        shifted = shifted[..shifted.LastIndexOf("startxref\n", StringComparison.Ordinal)] + $"startxref\n{start}\n%%EOF\n";

        var error = Assert.Throws<UnreadableDocumentException>(() => PdfDocumentReader.Read(System.Text.Encoding.Latin1.GetBytes(shifted)));

        Assert.Equal("The PDF is protected by a password and cannot be read; upload a copy that opens without one.", error.Message);
    }
}
