using System.Net;
using System.Text;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>What looks like a citation and is not one is listed in <c>skipped</c> with its reason, never dropped in silence.</summary>
public sealed class SkippedOutsideTests : OutsideApiTest
{
    [Fact]
    public async Task APage_ListsItsEmailAddressesOtherSchemesMalformedUrlsAndDuplicates_WithTheirReasons()
    {
        var page = Encoding.UTF8.GetBytes(
            """
            <!doctype html><html><head><meta charset="utf-8"><title>Contacto</title></head><body><main>
            <p>Escriba a <a href="mailto:prensa@example.org">prensa</a> o a contacto@example.org para más datos.</p>
            <p>Llame al <a href="tel:+525555555555">teléfono</a>, descargue el <a href="ftp://files.example.org/a.zip">archivo</a> o <a href="javascript:void(0)">abra el menú</a>.</p>
            <p>Un enlace roto: <a href="https://roto.example.org:99999/x">roto</a>.</p>
            <p>El sitio <a href="https://valido.example.org/pagina.html">https://valido.example.org/pagina.html</a> es la fuente.</p>
            </main></body></html>
            """);

        var document = await UploadCreatedAsync(page, "contacto.html");

        Assert.Equal(["https://valido.example.org/pagina.html"], NormalizedUrls(document));
        var skipped = Skipped(document);
        Assert.Equal(
            [("duplicate", 1), ("email", 2), ("malformed", 1), ("scheme", 3)],
            skipped.GroupBy(s => s.Reason).Select(g => (g.Key, g.Count())).Order());
        Assert.Contains(skipped, s => s.Reason == "email" && s.Text.Contains("contacto@example.org", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Reason == "email" && s.Text.Contains("prensa@example.org", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Reason == "scheme" && s.Text.StartsWith("tel:", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Reason == "scheme" && s.Text.StartsWith("ftp:", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Reason == "malformed" && s.Text.Contains("roto.example.org", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlainText_ListsEmailAddressesAndOtherSchemes()
    {
        var text = "Contacto: relatoria@example.org.\nEl archivo está en ftp://files.example.org/informe.zip.\nLa fuente: https://fuente.example.org/a.html.\n";

        var document = await UploadCreatedAsync(Encoding.UTF8.GetBytes(text), "notas.txt");

        Assert.Equal("text", document.GetProperty("kind").GetString());
        Assert.Equal(["https://fuente.example.org/a.html"], NormalizedUrls(document));
        Assert.Equal(
            [("email", "relatoria@example.org"), ("scheme", "ftp://files.example.org/informe.zip")],
            Skipped(document).Select(s => (s.Reason, s.Text)).Order());
    }

    [Fact]
    public async Task ADocumentPostedAsJsonText_AlsoSaysWhatItSkipped()
    {
        var document = await PostJsonAsync(
            "/api/documents",
            new { title = "Nota", text = "Escríbanos a prensa@example.org o lea https://fuente.example.org/b.html." },
            HttpStatusCode.Created);

        Assert.Equal(["https://fuente.example.org/b.html"], NormalizedUrls(document));
        Assert.Equal([("prensa@example.org", "email")], Skipped(document));
    }
}
