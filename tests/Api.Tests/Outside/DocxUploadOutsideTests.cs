using System.Net;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>A Word file uploaded as it was saved: hyperlinks and URLs of the body, its footnotes and its endnotes, each note's number kept.</summary>
public sealed class DocxUploadOutsideTests : OutsideApiTest
{
    private const string BodyLink = "https://docx.example.org/postura.html";
    private const string BodyText = "https://docx.example.org/texto-plano.html";
    private const string FootnoteLink = "https://notas-docx.example.org/cidh-027.html";
    private const string FootnoteText = "https://notas-docx.example.org/informe-anual.pdf";
    private const string EndnoteLink = "https://finales.example.org/resolucion-5.html";

    internal static byte[] Statement() => new HandWrittenDocx()
        .Paragraph($"La Comisión publicó su postura [en este enlace]({BodyLink}).")
        .Paragraph($"Véase también {BodyText} para más detalles.^1")
        .Paragraph("El acuerdo fue criticado por varias organizaciones.^2~1")
        .Footnote($"Comunicado de la CIDH, [aquí]({FootnoteLink}).")
        .Footnote($"Informe anual, {FootnoteText}, p. 12.")
        .Endnote($"Véase la [resolución]({EndnoteLink}) de la Corte.")
        .ToBytes();

    [Fact]
    public async Task AWordFile_YieldsTheLinksAndUrlsOfItsBodyFootnotesAndEndnotes()
    {
        var document = await UploadCreatedAsync(Statement(), "declaracion.docx");

        Assert.Equal("docx", document.GetProperty("kind").GetString());
        Assert.Equal(
            new[] { BodyLink, BodyText, EndnoteLink, FootnoteLink, FootnoteText }.Order(StringComparer.Ordinal),
            NormalizedUrls(document));
        Assert.Empty(Skipped(document));
    }

    [Fact]
    public async Task AWordFilesHyperlinks_HaveTheirTextAsContext_AndNotesTheirNumber()
    {
        var document = await UploadCreatedAsync(Statement(), "declaracion.docx");

        var body = PlaceOf(document, BodyLink);
        Assert.Contains("en este enlace", Text(body, "context")!, StringComparison.Ordinal);
        Assert.Contains("postura", Text(body, "context")!, StringComparison.Ordinal);
        Assert.Null(Text(body, "footnote"));
        Assert.Null(Text(PlaceOf(document, BodyText), "footnote"));

        var footnote = PlaceOf(document, FootnoteLink);
        Assert.Contains("aquí", Text(footnote, "context")!, StringComparison.Ordinal);
        Assert.Equal("1", Text(footnote, "footnote"));
        Assert.Equal("2", Text(PlaceOf(document, FootnoteText), "footnote"));
        Assert.Contains("resolución", Text(PlaceOf(document, EndnoteLink), "context")!, StringComparison.Ordinal);
        Assert.NotNull(Text(PlaceOf(document, EndnoteLink), "footnote"));
    }

    [Fact]
    public async Task AHyperlinkShowingItsOwnUrl_IsOneCitation_AndTheLinkIsListedAsDuplicate()
    {
        const string Shown = "https://docx.example.org/visible.html";
        var docx = new HandWrittenDocx().Paragraph($"La fuente es [{Shown}]({Shown}), consultada en enero.").ToBytes();

        var document = await UploadCreatedAsync(docx, "nota.docx");

        Assert.Equal([Shown], NormalizedUrls(document));
        Assert.Equal([(Shown, "duplicate")], Skipped(document));
    }

    [Fact]
    public async Task AWordFile_IsGivenBackByteForByte()
    {
        var bytes = Statement();
        var document = await UploadCreatedAsync(bytes, "declaracion.docx");

        var back = await Client.GetAsync($"/api/documents/{document.GetProperty("id").GetInt64()}/original");

        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(bytes, await back.Content.ReadAsByteArrayAsync());
    }
}
