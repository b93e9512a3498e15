using CitationMonitor.Domain.Documents;
using static CitationMonitor.Domain.Tests.Documents.TestDocx;

namespace CitationMonitor.Domain.Tests.Documents;

public sealed class DocxDocumentReaderTests
{
    private const string Press = "https://www.oas.org/es/cidh/prensa/comunicados/2023/027.asp";

    private static (string Url, string Context, string? Footnote)[] Cited(ReadDocument read) =>
        [.. read.Citations.Select(c => (c.Url, c.Context, c.Footnote))];

    private static (string Text, string Reason)[] Skipped(ReadDocument read) =>
        [.. read.Skipped.Select(s => (s.Text, s.Reason))];

    [Fact]
    public void HyperlinksFootnotesAndEndnotes_AreReadWithTheirContextsAndNumbers()
    {
        var docx = new TestDocx { Title = "Pronunciamiento sobre la caravana" }
            .Paragraph("La Comisión advirtió sobre el uso de la fuerza (véase ", new Link("aquí", Press), "). Nada ha cambiado.")
            .Paragraph("El Alto Comisionado coincidió", new Note(false, "ACNUDH, comunicado del 12 de enero, https://www.ohchr.org/es/press-releases/2023/01/mexico."), " y la CNDH también.")
            .Paragraph("Las cifras oficiales", new Note(false, "Véase el ", new Link("boletín mensual", "https://www.politicamigratoria.gob.mx/boletin"), " de la Unidad."), " son de diciembre", new Note(true, "Consultado en https://www.inm.gob.mx/cifras el 3 de enero."), ".");

        var read = DocxDocumentReader.Read(docx.Build());

        Assert.Equal(DocumentKind.Docx, read.Kind);
        Assert.Equal("Pronunciamiento sobre la caravana", read.Title);
        Assert.Equal(
            [
                (Press, "La Comisión advirtió sobre el uso de la fuerza (véase aquí).", null),
                ("https://www.ohchr.org/es/press-releases/2023/01/mexico", "ACNUDH, comunicado del 12 de enero, https://www.ohchr.org/es/press-releases/2023/01/mexico.", "1"),
                ("https://www.politicamigratoria.gob.mx/boletin", "Véase el boletín mensual de la Unidad.", "2"),
                ("https://www.inm.gob.mx/cifras", "Consultado en https://www.inm.gob.mx/cifras el 3 de enero.", "i"),
            ],
            Cited(read));
        Assert.Empty(read.Skipped);
    }

    [Fact]
    public void HyperlinkOverTheUrlItsTextShows_IsOneCitationAndTheLinkADuplicate()
    {
        var docx = new TestDocx().Paragraph("Fuente: ", new Link(Press, Press), ", consultada en enero.");

        var read = DocxDocumentReader.Read(docx.Build());

        Assert.Equal([(Press, "Fuente: " + Press + ", consultada en enero.", null)], Cited(read));
        Assert.Equal([(Press, SkipReasons.Duplicate)], Skipped(read));
    }

    [Fact]
    public void HyperlinkField_IsALinkLikeAHyperlink()
    {
        var docx = new TestDocx().Paragraph("El ", new FieldLink("protocolo", "https://igm.gob.gt/protocolo-de-atencion/"), " del Instituto sigue vigente.");

        var read = DocxDocumentReader.Read(docx.Build());

        Assert.Equal([("https://igm.gob.gt/protocolo-de-atencion/", "El protocolo del Instituto sigue vigente.", null)], Cited(read));
    }

    [Fact]
    public void AddressesWrittenInTheText_AreSkippedAsInPlainText_OnceWhenALinkLiesOverThem()
    {
        var docx = new TestDocx()
            .Paragraph("Correcciones a archivo@example.org o por ftp://ftp.example.org/anexos/.")
            .Paragraph("Prensa: ", new Link("prensa@example.org", "mailto:prensa@example.org"), ".");

        var read = DocxDocumentReader.Read(docx.Build());

        Assert.Empty(read.Citations);
        Assert.Equal(
            [
                ("archivo@example.org", SkipReasons.Email),
                ("ftp://ftp.example.org/anexos/", SkipReasons.Scheme),
                ("mailto:prensa@example.org", SkipReasons.Email),
            ],
            Skipped(read));
    }

    [Fact]
    public void HyperlinksThatAreNotWebAddresses_AreSkippedWithTheirReasons()
    {
        var docx = new TestDocx()
            .Paragraph("Escríbanos a ", new Link("prensa", "mailto:prensa@example.org"), " o ", new Link("llame", "tel:+525555555555"), ".")
            .Paragraph("Anexos en la ", new Link("carpeta", "file:///C:/Anexos/anexo.pdf"), " y el ", new Link("informe", "informe.pdf"), ".")
            .Paragraph("Sitio en ", new Link("construcción", "https://exa mple.org/"), ".");

        var read = DocxDocumentReader.Read(docx.Build());

        Assert.Empty(read.Citations);
        Assert.Equal(
            [
                ("mailto:prensa@example.org", SkipReasons.Email),
                ("tel:+525555555555", SkipReasons.Scheme),
                ("file:///C:/Anexos/anexo.pdf", SkipReasons.Scheme),
                ("informe.pdf", SkipReasons.RelativeWithoutBase),
                ("https://exa mple.org/", SkipReasons.Malformed),
            ],
            Skipped(read));
    }

    [Fact]
    public void TextDeletedByATrackedChange_IsNotCited()
    {
        var docx = new TestDocx().Paragraph("Fuente: ", new Deleted("https://old.example.org/retirado y "), "https://example.org/vigente.");

        var read = DocxDocumentReader.Read(docx.Build());

        Assert.Equal([("https://example.org/vigente", "Fuente: https://example.org/vigente.", null)], Cited(read));
    }

    [Fact]
    public void WordFileWithoutTitle_HasNoTitle()
    {
        var read = DocxDocumentReader.Read(new TestDocx().Paragraph("Sin fuentes.").Build());

        Assert.Null(read.Title);
        Assert.Empty(read.Citations);
        Assert.Empty(read.Skipped);
    }

    [Fact]
    public void TruncatedWordFile_IsUnreadableWithAPlainMessage()
    {
        var bytes = new TestDocx().Paragraph("Texto con https://example.org/a.").Build();

        Assert.Equal(DocumentKind.Docx, DocumentKinds.Detect(bytes.AsSpan(0, bytes.Length / 2)));
        var error = Assert.Throws<UnreadableDocumentException>(() => DocumentReaders.Read(bytes[..(bytes.Length / 2)], null));
        Assert.Equal("The Word file cannot be read: it is damaged or incomplete.", error.Message);
    }

    [Fact]
    public void WordFileWithBrokenXml_IsUnreadableWithAPlainMessage()
    {
        var stream = new MemoryStream();
        stream.Write(new TestDocx().Paragraph("Texto.").Build());
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            writer.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>");
        }

        var error = Assert.Throws<UnreadableDocumentException>(() => DocumentReaders.Read(stream.ToArray(), null));

        Assert.Equal("The Word file cannot be read: it is damaged or incomplete.", error.Message);
    }
}
