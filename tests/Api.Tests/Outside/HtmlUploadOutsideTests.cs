using System.Text;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>A saved web page uploaded: relative links resolved against its <c>&lt;base&gt;</c> or the <c>sourceUrl</c> given, or listed as skipped when there is neither.</summary>
public sealed class HtmlUploadOutsideTests : OutsideApiTest
{
    private static byte[] Page(string head, string main) => Encoding.UTF8.GetBytes(
        $"""
        <!doctype html>
        <html lang="es"><head><meta charset="utf-8"><title>Declaración conjunta</title>{head}</head>
        <body><main><article><h1>Declaración conjunta</h1>
        {main}
        </article></main></body></html>
        """);

    [Fact]
    public async Task APageWithABase_ResolvesItsRelativeLinksAgainstIt_AndFindsUrlsInItsText()
    {
        var page = Page(
            """<base href="https://sitio.example.org/prensa/2021/">""",
            """
            <p>Las organizaciones firmantes presentaron <a href="informe-anual.html">el informe anual</a> ante la Comisión.</p>
            <p>El texto íntegro de la <a href="/documentos/recomendacion-15.pdf">recomendación</a> está disponible.</p>
            <p>Véase también <a href="../2020/antecedentes.html">los antecedentes del caso</a> publicados el año anterior.</p>
            <p>La Corte resolvió en <a href="https://corte.example.org/casos/123">el caso 123</a> a favor de las familias.</p>
            <p>Más información en https://texto.example.org/plano.html según la relatoría.</p>
            """);

        var document = await UploadCreatedAsync(page, "declaracion.html");

        Assert.Equal("html", document.GetProperty("kind").GetString());
        Assert.Equal(
            [
                "https://corte.example.org/casos/123",
                "https://sitio.example.org/documentos/recomendacion-15.pdf",
                "https://sitio.example.org/prensa/2020/antecedentes.html",
                "https://sitio.example.org/prensa/2021/informe-anual.html",
                "https://texto.example.org/plano.html",
            ],
            NormalizedUrls(document));
        Assert.Contains("el informe anual", Text(PlaceOf(document, "https://sitio.example.org/prensa/2021/informe-anual.html"), "context")!, StringComparison.Ordinal);
        Assert.Contains("recomendación", Text(PlaceOf(document, "https://sitio.example.org/documentos/recomendacion-15.pdf"), "context")!, StringComparison.Ordinal);
        Assert.Contains("el caso 123", Text(PlaceOf(document, "https://corte.example.org/casos/123"), "context")!, StringComparison.Ordinal);
        Assert.Contains("relatoría", Text(PlaceOf(document, "https://texto.example.org/plano.html"), "context")!, StringComparison.Ordinal);
        Assert.Empty(Skipped(document));
    }

    [Fact]
    public async Task APageWithoutABase_ResolvesItsRelativeLinksAgainstTheSourceUrlGiven()
    {
        var page = Page(
            string.Empty,
            """
            <p>El <a href="anexo.pdf">anexo</a> detalla los casos.</p>
            <p>El <a href="/prensa/boletin-4">boletín 4</a> lo anunció.</p>
            """);

        var document = await UploadCreatedAsync(page, "declaracion.html", ("sourceUrl", "https://origen.example.org/declaraciones/2021/texto.html"));

        Assert.Equal("https://origen.example.org/declaraciones/2021/texto.html", Text(document, "sourceUrl"));
        Assert.Equal(
            ["https://origen.example.org/declaraciones/2021/anexo.pdf", "https://origen.example.org/prensa/boletin-4"],
            Places(document).Where(p => !p.GetProperty("self").GetBoolean()).Select(p => p.GetProperty("normalizedUrl").GetString()).Order(StringComparer.Ordinal));
        Assert.Empty(Skipped(document));
    }

    [Fact]
    public async Task APagesNavigationAndFooterLinks_AreNotItsCitations()
    {
        var page = Encoding.UTF8.GetBytes(
            """
            <!doctype html><html lang="es"><head><meta charset="utf-8"><title>Declaración</title></head><body>
            <header><nav><a href="https://ong.example.org/">Inicio</a> <a href="https://ong.example.org/quienes-somos">Quiénes somos</a> <a href="https://ong.example.org/donar">Donar</a></nav></header>
            <main><article><h1>Declaración sobre la caravana</h1>
            <p>Las organizaciones firmantes recuerdan que la <a href="https://cidh.example.org/comunicados/027.asp">Comisión Interamericana</a> pidió garantías a los Estados de la región para las personas migrantes.</p>
            <p>Las familias entrevistadas describieron detenciones sin orden judicial en varios puntos de la frontera sur durante enero.</p>
            </article></main>
            <footer><a href="https://ong.example.org/privacidad">Aviso de privacidad</a> <a href="https://redes.example.org/ong">Síguenos</a></footer>
            </body></html>
            """);

        var document = await UploadCreatedAsync(page, "declaracion.html");

        Assert.Equal(["https://cidh.example.org/comunicados/027.asp"], NormalizedUrls(document));
    }

    [Fact]
    public async Task ARelativeBase_IsResolvedAgainstTheSourceUrl_AndLinksAgainstIt()
    {
        var page = Page(
            """<base href="/archivo/2021/">""",
            """<p>El <a href="anexo-3.pdf">anexo 3</a> reúne los testimonios.</p>""");

        var document = await UploadCreatedAsync(page, "declaracion.html", ("sourceUrl", "https://origen.example.org/declaraciones/texto.html"));

        Assert.Contains("https://origen.example.org/archivo/2021/anexo-3.pdf", NormalizedUrls(document));
    }

    [Fact]
    public async Task APageSavedInWindows1252_IsReadInItsOwnEncoding()
    {
        var page = Encoding.Latin1.GetBytes(
            """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><title>Comunicado</title></head>
            <body><div id="contenido"><p>La Comisión Nacional emitió la <a href="https://cndh.example.org/rec-15.pdf">recomendación</a> después de la visita.</p></div></body></html>
            """);

        var document = await UploadCreatedAsync(page, "comunicado.htm");

        Assert.Equal("html", document.GetProperty("kind").GetString());
        Assert.Contains("Comisión Nacional", Text(PlaceOf(document, "https://cndh.example.org/rec-15.pdf"), "context")!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageWithNeitherBaseNorSourceUrl_ListsItsRelativeLinksAsSkipped()
    {
        var page = Page(
            string.Empty,
            """
            <p>El <a href="anexo.pdf">anexo</a> detalla los casos, y la <a href="https://corte.example.org/casos/9">sentencia</a> los confirma.</p>
            """);

        var document = await UploadCreatedAsync(page, "declaracion.html");

        Assert.Equal(["https://corte.example.org/casos/9"], NormalizedUrls(document));
        var skipped = Assert.Single(Skipped(document));
        Assert.Equal("relative_without_base", skipped.Reason);
        Assert.Contains("anexo.pdf", skipped.Text, StringComparison.Ordinal);
    }
}
