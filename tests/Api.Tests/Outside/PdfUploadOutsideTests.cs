using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// A statement as a PDF, uploaded as a person has it: sources behind link text, URLs cut across lines and pages, a page
/// of numbered notes, a URL that is both a link and its own text; every source found once, with its context.
/// </summary>
public sealed class PdfUploadOutsideTests : OutsideApiTest
{
    private const string Aqui = "https://cidh.example.org/prensa/comunicados/2021/027.asp";
    private const string Comunicado = "https://gob.example.org/sre/prensa/comunicado-12";
    private const string CutAcrossLines = "https://cndh.example.org/informes/2021/detencion-arbitraria-en-la-frontera.pdf";
    private const string Both = "https://fuente.example.org/ambos.html";
    private const string CutAcrossPages = "https://archivo.example.org/documentos/2020/recomendacion-15.pdf";
    private const string NoteOne = "https://notas.example.org/uno.html";
    private const string NoteTwo = "https://notas.example.org/dos.pdf";
    private const string NoteThree = "https://notas.example.org/tres.html";

    internal static byte[] Statement() => new HandWrittenPdf()
        .Line("Informe sobre la caravana de enero de 2021.")
        .Line("La CIDH expresó su preocupación, como puede leerse aquí.", ("aquí", Aqui))
        .Line("El gobierno respondió con un comunicado oficial.", ("comunicado", Comunicado))
        .Line("El informe está en https://cndh.example.org/informes/2021/detencion-")
        .Line("arbitraria-en-la-frontera.pdf según la Comisión.")
        .Line("Fuente directa: https://fuente.example.org/ambos.html con su enlace.", (Both, Both))
        .Line("El anexo se publicó en https://archivo.example.org/documentos/2020/")
        .NewPage()
        .Line("recomendacion-15.pdf y su seguimiento posterior.")
        .Line("Las notas de este informe están al pie y en la página siguiente.")
        .Gap(500)
        .NoteLine("1 https://notas.example.org/uno.html")
        .NewPage()
        .Line("Notas")
        .Gap(10)
        .NoteLine("2 Recomendación 20/2020, https://notas.example.org/dos.pdf")
        .NoteLine("3 Informe de seguimiento, en")
        .NoteLine("https://notas.example.org/tres.html")
        .ToBytes();

    [Fact]
    public async Task APdfStatement_YieldsExactlyItsSources_IncludingThoseBehindLinkTextAndThoseCut()
    {
        var document = await UploadCreatedAsync(Statement(), "informe.pdf", ("title", "Informe sobre la caravana"));

        Assert.Equal("pdf", document.GetProperty("kind").GetString());
        Assert.Equal(
            new[] { Aqui, Both, CutAcrossPages, CutAcrossLines, Comunicado, NoteTwo, NoteOne, NoteThree }.Order(StringComparer.Ordinal),
            NormalizedUrls(document));
        Assert.Equal(8, document.GetProperty("citationCount").GetInt32());
    }

    [Fact]
    public async Task ALinkBehindShortText_HasTheTextUnderItWidenedToItsSentence_AsContext()
    {
        var document = await UploadCreatedAsync(Statement(), "informe.pdf");

        var aqui = Text(PlaceOf(document, Aqui), "context")!;
        Assert.Contains("aquí", aqui, StringComparison.Ordinal);
        Assert.Contains("preocupación", aqui, StringComparison.Ordinal);
        Assert.DoesNotContain("comunicado oficial", aqui, StringComparison.Ordinal);
        Assert.Contains("comunicado", Text(PlaceOf(document, Comunicado), "context")!, StringComparison.Ordinal);
        Assert.Contains("El informe está en", Text(PlaceOf(document, CutAcrossLines), "context")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FootnotesAtAPagesFootAndOnAPageOfNotes_KeepTheirNumbers_AndTheBodysSourcesHaveNone()
    {
        var document = await UploadCreatedAsync(Statement(), "informe.pdf");

        Assert.Equal("1", Text(PlaceOf(document, NoteOne), "footnote"));
        Assert.Equal("2", Text(PlaceOf(document, NoteTwo), "footnote"));
        Assert.Equal("3", Text(PlaceOf(document, NoteThree), "footnote"));
        var noteThree = Text(PlaceOf(document, NoteThree), "context")!;
        Assert.True(noteThree.Contains("Informe de seguimiento", StringComparison.Ordinal), noteThree);
        Assert.Null(Text(PlaceOf(document, Aqui), "footnote"));
        Assert.Null(Text(PlaceOf(document, CutAcrossLines), "footnote"));
    }

    [Fact]
    public async Task AUrlThatIsBothALinkAndItsOwnText_IsOneSourceCitedOnce_AndTheLinkIsListedAsDuplicate()
    {
        var document = await UploadCreatedAsync(Statement(), "informe.pdf");

        var both = PlaceOf(document, Both);
        Assert.Equal(1, both.GetProperty("occurrences").GetInt32());
        var skipped = Assert.Single(Skipped(document));
        Assert.Equal("duplicate", skipped.Reason);
        Assert.Contains("fuente.example.org/ambos.html", skipped.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALinkWrappedAcrossTwoLines_IsOneCitation_AndASourceCitedTwiceIsOnePlaceWithItsOccurrences()
    {
        const string Press = "https://cidh.example.org/prensa/comunicados/2021/031.asp";
        var pdf = new HandWrittenPdf()
            .Line("La Comisión lo dijo en su comunicado de", ("comunicado de", Press))
            .Line("prensa del 31 de enero, y lo repitió después.", ("prensa", Press))
            .Line($"El texto está también en {Press} para quien lo busque.")
            .ToBytes();

        var document = await UploadCreatedAsync(pdf, "nota.pdf");

        var place = Assert.Single(Places(document));
        Assert.Equal(Press, place.GetProperty("normalizedUrl").GetString());
        Assert.Equal(2, place.GetProperty("occurrences").GetInt32());
        Assert.Contains(
            place.GetProperty("contexts").EnumerateArray().Select(c => c.GetString()!),
            c => c.Contains("comunicado de prensa", StringComparison.Ordinal));
        Assert.Empty(Skipped(document));
    }

    [Fact]
    public async Task LinksToAnEmailAddressOrAnotherScheme_AreListedAsSkipped()
    {
        var pdf = new HandWrittenPdf()
            .Line("Para entrevistas, escríbanos o llame a la oficina.", ("escríbanos", "mailto:prensa@example.org"), ("llame", "tel:+525555555555"))
            .Line("La fuente está aquí.", ("aquí", "https://fuente.example.org/c.html"))
            .ToBytes();

        var document = await UploadCreatedAsync(pdf, "nota.pdf");

        Assert.Equal(["https://fuente.example.org/c.html"], NormalizedUrls(document));
        Assert.Equal(["email", "scheme"], Skipped(document).Select(s => s.Reason).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheUploadedPdf_IsGivenBackByteForByte_AndItsHashIsTheFilesHash()
    {
        var bytes = Statement();
        var document = await UploadCreatedAsync(bytes, "informe.pdf");

        var original = document.GetProperty("original");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), original.GetProperty("sha256").GetString());
        Assert.Equal(bytes.Length, original.GetProperty("byteLength").GetInt64());
        var back = await Client.GetAsync($"/api/documents/{document.GetProperty("id").GetInt64()}/original");
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(bytes, await back.Content.ReadAsByteArrayAsync());

        var snapshot = await GetJsonAsync($"/api/snapshots/{original.GetProperty("snapshotId").GetInt64()}");
        Assert.Equal("upload", snapshot.GetProperty("origin").GetString());
        Assert.Equal(original.GetProperty("sha256").GetString(), snapshot.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task APdfNamedAsText_IsReadAsAPdf()
    {
        var document = await UploadCreatedAsync(Statement(), "notas.txt");

        Assert.Equal("pdf", document.GetProperty("kind").GetString());
        Assert.Equal(8, document.GetProperty("citationCount").GetInt32());
        Assert.Equal(JsonValueKind.False, PlaceOf(document, Aqui).GetProperty("self").ValueKind);
    }
}
