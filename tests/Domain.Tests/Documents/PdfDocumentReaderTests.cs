using CitationMonitor.Domain.Documents;

namespace CitationMonitor.Domain.Tests.Documents;

public sealed class PdfDocumentReaderTests
{
    private const string Press = "https://www.oas.org/es/cidh/prensa/comunicados/2023/027.asp";

    /// <summary>What a citation is read as: URL, context, footnote.</summary>
    private static (string Url, string Context, string? Footnote)[] Cited(ReadDocument read) =>
        [.. read.Citations.Select(c => (c.Url, c.Context, c.Footnote))];

    private static (string Text, string Reason)[] Skipped(ReadDocument read) =>
        [.. read.Skipped.Select(s => (s.Text, s.Reason))];

    [Fact]
    public void LinkWhoseTextIsNotItsTarget_IsCitedWithTheSentenceAroundItsText()
    {
        var pdf = new TestPdf { Title = "Comunicado conjunto sobre la caravana" };
        var page = pdf.AddPage();
        page.Line("Las organizaciones firmantes recuerdan que la Comisión");
        var here = page.Line("lo advirtió en 2023 (véase aquí). Nada ha cambiado.");
        var release = page.Line("El comunicado de la Relatoría sigue vigente.");
        page.Link(here.Box("aquí"), Press);
        page.Link(release.Box("comunicado"), "https://www.ohchr.org/es/press-releases/2023/05/mexico");

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal(DocumentKind.Pdf, read.Kind);
        Assert.Equal("Comunicado conjunto sobre la caravana", read.Title);
        Assert.Equal(
            [
                (Press, "Las organizaciones firmantes recuerdan que la Comisión lo advirtió en 2023 (véase aquí).", null),
                ("https://www.ohchr.org/es/press-releases/2023/05/mexico", "El comunicado de la Relatoría sigue vigente.", null),
            ],
            Cited(read));
        Assert.Empty(read.Skipped);
        Assert.Equal([2, 3], read.Citations.Select(c => c.Line));
    }

    [Fact]
    public void LinkWithALongText_HasThatTextAsItsContext()
    {
        var pdf = new TestPdf();
        var page = pdf.AddPage();
        var title = page.Line("Informe anual de la Comisión Interamericana de Derechos Humanos 2023");
        page.Link(title.Box(), "https://www.oas.org/es/cidh/docs/anual/2023/indice.asp");

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal(
            [("https://www.oas.org/es/cidh/docs/anual/2023/indice.asp", "Informe anual de la Comisión Interamericana de Derechos Humanos 2023", null)],
            Cited(read));
        Assert.Null(read.Title);
    }

    [Fact]
    public void AnAddressInTheText_IsSkippedAsAnEmail_BesideTheSourcesCited()
    {
        var pdf = new TestPdf();
        var page = pdf.AddPage();
        page.Line("Correcciones: archivo@example.org. El texto está en " + Press);

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal([Press], read.Citations.Select(c => c.Url));
        Assert.Equal([("archivo@example.org", SkipReasons.Email)], Skipped(read));
    }

    [Fact]
    public void UrlCutAcrossTwoLines_IsOneCitation()
    {
        var pdf = new TestPdf();
        var page = pdf.AddPage();
        page.Line("El texto completo está en https://www.oas.org/es/cidh/prensa/comunicados/");
        page.Line("2023/027.asp y en la prensa.");

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal([(Press, "El texto completo está en " + Press + " y en la prensa.", null)], Cited(read));
    }

    [Fact]
    public void UrlCutAcrossAPageBreak_IsOneCitation()
    {
        const string Refworld = "https://www.refworld.org/cgi-bin/texis/vtx/rwmain/opendocpdf.pdf?reldoc=y&docid=5e786ab14";
        var pdf = new TestPdf();
        var first = pdf.AddPage();
        first.Line("Las directrices del ACNUR se publicaron en");
        first.Y = 90;
        first.Line("https://www.refworld.org/cgi-bin/texis/vtx/rwmain/");
        first.Text(290, 40, "1", 10);
        var second = pdf.AddPage();
        second.Text(290, 810, "2", 10);
        second.Line("opendocpdf.pdf?reldoc=y&docid=5e786ab14 y siguen vigentes.");

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal([(Refworld, "Las directrices del ACNUR se publicaron en " + Refworld + " y siguen vigentes.", null)], Cited(read));
        Assert.Equal([2], read.Citations.Select(c => c.Line));
    }

    [Fact]
    public void UrlsInFootnotesInSmallerPrint_KeepTheirNumbers()
    {
        const string Ohchr = "https://www.ohchr.org/es/documents/reports/informe-sobre-movilidad-humana-2023.pdf";
        var pdf = new TestPdf();
        var page = pdf.AddPage();
        page.Line("La Comisión ya lo había señalado 1 y la Oficina del Alto");
        page.Line("Comisionado lo confirmó en su informe 2 del mismo año.");
        page.Line("Ambos documentos describen las condiciones de detención");
        page.Line("de las personas migrantes en la frontera sur, y ambos");
        page.Line("piden a los gobiernos de la región medidas concretas.");
        page.Y = 110;
        page.Line("1 CIDH, Comunicado 27/23, " + Press, 9);
        page.Line("2 ACNUDH, Informe sobre movilidad humana,", 9);
        page.Line("https://www.ohchr.org/es/documents/reports/informe-sobre-", 9);
        page.Line("movilidad-humana-2023.pdf, p. 4.", 9);
        page.Text(290, 40, "7", 10);

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal(
            [
                (Press, "CIDH, Comunicado 27/23, " + Press, "1"),
                (Ohchr, "ACNUDH, Informe sobre movilidad humana, " + Ohchr + ", p. 4.", "2"),
            ],
            Cited(read));
        Assert.Empty(read.Skipped);
    }

    [Fact]
    public void NumberedNotesSetApartAtTheBottomInTheBodySize_AreFootnotes()
    {
        var pdf = new TestPdf();
        var page = pdf.AddPage();
        page.Line("Primer párrafo del pronunciamiento con su nota 1.");
        page.Line("Segunda línea del mismo párrafo, sin fuentes.");
        page.Line("Tercera línea del mismo párrafo.");
        page.Y = 120;
        page.Line("1 Véase https://www.cndh.org.mx/documento/recomendacion-12023");
        page.Line("12 de enero de 2023.");

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal(
            [("https://www.cndh.org.mx/documento/recomendacion-12023", "Véase https://www.cndh.org.mx/documento/recomendacion-12023 12 de enero de 2023.", "1")],
            Cited(read));
    }

    [Fact]
    public void LinkOverTheUrlItsTextShows_IsOneCitationAndTheLinkADuplicate()
    {
        var pdf = new TestPdf();
        var page = pdf.AddPage();
        var line = page.Line("Véase " + Press + " para más.");
        page.Link(line.Box(Press), Press);

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal([(Press, "Véase " + Press + " para más.", null)], Cited(read));
        Assert.Equal([(Press, SkipReasons.Duplicate)], Skipped(read));
    }

    [Fact]
    public void LinksThatAreNotWebAddresses_AreSkippedWithTheirReasons()
    {
        var pdf = new TestPdf();
        var page = pdf.AddPage();
        var contact = page.Line("Contacto de prensa: escríbanos o llame al número");
        var local = page.Line("Anexo disponible en la carpeta compartida y el informe adjunto.");
        var broken = page.Line("Sitio de la campaña, en construcción.");
        page.Link(contact.Box("escríbanos"), "mailto:prensa@example.org");
        page.Link(contact.Box("llame"), "tel:+525555555555");
        page.Link(local.Box("carpeta"), "file:///C:/Anexos/anexo.pdf");
        page.Link(local.Box("informe"), "informe.pdf");
        page.Link(broken.Box("campaña"), "https://exa mple.org/");
        page.Link(broken.Box("construcción"), "javascript:void(0)");

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Empty(read.Citations);
        Assert.Equal(
            [
                ("mailto:prensa@example.org", SkipReasons.Email),
                ("tel:+525555555555", SkipReasons.Scheme),
                ("file:///C:/Anexos/anexo.pdf", SkipReasons.Scheme),
                ("informe.pdf", SkipReasons.RelativeWithoutBase),
                ("https://exa mple.org/", SkipReasons.Malformed),
                ("javascript:void(0)", SkipReasons.Scheme),
            ],
            Skipped(read));
    }

    [Fact]
    public void SameUrlAsALinkAndElsewhereAsText_IsTwoOccurrencesOfOneSource()
    {
        var pdf = new TestPdf();
        var page = pdf.AddPage();
        var line = page.Line("La Comisión se pronunció (ver comunicado).");
        page.Line("Fuente: " + Press);
        page.Link(line.Box("comunicado"), Press);

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal(
            [(Press, "La Comisión se pronunció (ver comunicado).", null), (Press, "Fuente: " + Press, null)],
            Cited(read));
        Assert.Single(read.Citations.Select(c => c.Normalized.Key).Distinct());
        Assert.Empty(read.Skipped);
    }

    [Fact]
    public void LinkInPiecesOverTwoLines_IsOneCitation()
    {
        var pdf = new TestPdf();
        var page = pdf.AddPage();
        var first = page.Line("La Relatoría publicó su informe sobre detención");
        var second = page.Line("migratoria en México el año pasado.");
        page.Link(first.Box("informe sobre detención"), "https://www.oas.org/es/cidh/informes/detencion.pdf");
        page.Link(second.Box("migratoria en México"), "https://www.oas.org/es/cidh/informes/detencion.pdf");

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal(
            [("https://www.oas.org/es/cidh/informes/detencion.pdf", "informe sobre detención migratoria en México", null)],
            Cited(read));
    }

    [Fact]
    public void CitationsAreInReadingOrder_PageByPageWithEachPagesFootnotesAfterItsBody()
    {
        var pdf = new TestPdf();
        var first = pdf.AddPage();
        first.Line("Primera página, https://example.org/uno y su nota.");
        first.Line("Segunda línea del cuerpo de la primera página.");
        first.Y = 100;
        first.Line("1 Nota: https://example.org/nota-uno", 9);
        var second = pdf.AddPage();
        second.Line("Segunda página, https://example.org/dos al final.");

        var read = PdfDocumentReader.Read(pdf.Build());

        Assert.Equal(
            ["https://example.org/uno", "https://example.org/nota-uno", "https://example.org/dos"],
            read.Citations.Select(c => c.Url));
        Assert.Equal([null, "1", null], read.Citations.Select(c => c.Footnote));
    }

    [Fact]
    public void TruncatedPdf_IsUnreadableWithAPlainMessage()
    {
        var pdf = new TestPdf();
        pdf.AddPage().Line("Un pronunciamiento breve, https://example.org/a.");
        var bytes = pdf.Build();

        foreach (var length in new[] { 8, bytes.Length / 2, bytes.Length - 10 })
        {
            var error = Assert.Throws<UnreadableDocumentException>(() => PdfDocumentReader.Read(bytes[..length]));
            Assert.Equal("The PDF cannot be read: it is damaged or incomplete.", error.Message);
        }
    }

    [Fact]
    public void PdfWithBrokenInsides_IsUnreadableWithAPlainMessage()
    {
        var bytes = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

        var error = Assert.Throws<UnreadableDocumentException>(() => PdfDocumentReader.Read(bytes));

        Assert.Equal("The PDF cannot be read: it is damaged or incomplete.", error.Message);
    }

    [Fact]
    public void EmptyFile_IsUnreadable()
    {
        var error = Assert.Throws<UnreadableDocumentException>(() => PdfDocumentReader.Read([]));

        Assert.Equal("The file is empty.", error.Message);
    }
}
