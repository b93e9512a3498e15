using System.Text;
using CitationMonitor.Domain.Documents;
using static CitationMonitor.Domain.Tests.Documents.DocumentFiles;

namespace CitationMonitor.Domain.Tests.Documents;

public sealed class HtmlDocumentReaderTests
{
    private const string OwnAddress = "https://observatorio.example.org/comunicados/2021/la-cidh-y-la-protesta.html";

    private const string Ohchr = "https://www.ohchr.org/es/statements/2019/07/declaracion-conjunta";
    private const string Hrw = "https://www.hrw.org/es/news/2021/01/18/protestas";

    private const string DeclarationLine =
        $"La declaración conjunta se publicó en {Ohchr} y la reprodujo {Hrw}.";

    private static readonly (string, string, DateTimeOffset?)[] AbsoluteLinksBefore =
    [
        ("https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp",
            "El Observatorio recuerda que la Comisión Interamericana condenó la represión de las protestas en su comunicado 027/20.", null),
    ];

    private static readonly (string, string, DateTimeOffset?)[] RelativeLinksResolved =
    [
        ("https://observatorio.example.org/comunicados/2021/analisis-protesta.pdf", "El texto completo de nuestro análisis está aquí.", null),
        ("https://observatorio.example.org/comunicados/2020/informe-anual.html", "Informe anual 2020 del Observatorio sobre protesta social", null),
        ("https://observatorio.example.org/documentos/relatoria.pdf?v=2#pagina=4", "Relatoría especial, versión revisada", null),
    ];

    private static readonly (string, string, DateTimeOffset?)[] AbsoluteLinksAfter =
    [
        (Ohchr, DeclarationLine, null),
        (Hrw, DeclarationLine, null),
    ];

    private static readonly (string, string)[] SkippedAfter =
    [
        (Hrw, SkipReasons.Duplicate),
        ("mailto:prensa@observatorio.example.org", SkipReasons.Email),
        ("tel:+5215555555555", SkipReasons.Scheme),
        ("javascript:window.print()", SkipReasons.Scheme),
        ("ftp://archivo.observatorio.example.org/2021/", SkipReasons.Scheme),
    ];

    private static byte[] WithoutBase() =>
        Utf8(DocumentFiles.Text(StatementWithBase).Replace("""<base href="https://observatorio.example.org/comunicados/2021/">""", "", StringComparison.Ordinal));

    [Fact]
    public void PageWithBase_LinksOfTheMainContent_ResolvedAgainstTheBase()
    {
        // The document's own address says otherwise: the page's <base> wins, as in a browser.
        var read = DocumentReaders.Read(Bytes(StatementWithBase), "https://mirror.example.net/copia/comunicado.html")!;

        Assert.Equal(DocumentKind.Html, read.Kind);
        Assert.Equal("Comunicado: la CIDH y el derecho a la protesta | Observatorio", read.Title);
        Assert.Equal([.. AbsoluteLinksBefore, .. RelativeLinksResolved, .. AbsoluteLinksAfter], Cited(read));
        Assert.Equal(SkippedAfter, Skipped(read));

        // Each link at the source line of its <a>; the URL in the text at the line it is written on.
        Assert.Equal([25, 26, 27, 28, 29, 30], read.Citations.Select(c => c.Line));
    }

    [Fact]
    public void PageWithoutBase_RelativeLinksResolveAgainstTheDocumentsAddress()
    {
        var read = DocumentReaders.Read(WithoutBase(), OwnAddress)!;

        Assert.Equal([.. AbsoluteLinksBefore, .. RelativeLinksResolved, .. AbsoluteLinksAfter], Cited(read));
        Assert.Equal(SkippedAfter, Skipped(read));
    }

    [Fact]
    public void PageWithNeitherBaseNorAddress_RelativeLinksAreListedAsSkipped()
    {
        var read = DocumentReaders.Read(WithoutBase(), null)!;

        Assert.Equal([.. AbsoluteLinksBefore, .. AbsoluteLinksAfter], Cited(read));
        Assert.Equal(
            [
                ("analisis-protesta.pdf", SkipReasons.RelativeWithoutBase),
                ("../2020/informe-anual.html", SkipReasons.RelativeWithoutBase),
                ("/documentos/relatoria.pdf?v=2#pagina=4", SkipReasons.RelativeWithoutBase),
                .. SkippedAfter,
            ],
            Skipped(read));
    }

    [Fact]
    public void RelativeBase_ResolvesAgainstTheDocumentsAddress_AndIsIgnoredWithoutOne()
    {
        const string page = """
            <html><head><base href="../anexos/"></head><body>
            <p>Ver el <a href="tabla.pdf">anexo</a>.</p>
            </body></html>
            """;

        var withAddress = DocumentReaders.Read(Utf8(page), OwnAddress)!;
        var without = DocumentReaders.Read(Utf8(page), null)!;

        Assert.Equal([("https://observatorio.example.org/comunicados/anexos/tabla.pdf", "Ver el anexo.", null)], Cited(withAddress));
        Assert.Empty(without.Citations);
        Assert.Equal([("tabla.pdf", SkipReasons.RelativeWithoutBase)], Skipped(without));
    }

    [Fact]
    public void AnAddressThatIsNotAbsoluteHttp_IsNoBase()
    {
        const string page = """<html><body><p>Ver el <a href="tabla.pdf">anexo</a>.</p></body></html>""";

        var read = DocumentReaders.Read(Utf8(page), "ftp://example.org/dir/")!;

        Assert.Equal([("tabla.pdf", SkipReasons.RelativeWithoutBase)], Skipped(read));
    }

    [Fact]
    public void TargetsAreReadAsBrowsersReadThem()
    {
        const string page = """
            <!doctype html><html><body><article>
            <p>Entities: <a href=" https://example.org/a?x=1&amp;y=2 ">one</a>.</p>
            <p>Line break inside: <a href="https://example.org/b
            /c">two</a>.</p>
            <p>Space inside: <a href="https://example.org/informe anual.pdf">three</a>.</p>
            <p>Protocol-relative: <a href="//cdn.example.org/doc.pdf">four</a>.</p>
            <p>Query only: <a href="?page=2">five</a>.</p>
            <p>Host-looking but relative: <a href="www.example.org/x">six</a>.</p>
            <p>Capital scheme: <a href="HTTPS://Example.ORG/Seven">seven</a>.</p>
            </article></body></html>
            """;

        var read = DocumentReaders.Read(Utf8(page), "https://site.example/dir/page.html?old=1")!;

        Assert.Equal(
            [
                "https://example.org/a?x=1&y=2",
                "https://example.org/b/c",
                "https://example.org/informe%20anual.pdf",
                "https://cdn.example.org/doc.pdf",
                "https://site.example/dir/page.html?page=2",
                "https://site.example/dir/www.example.org/x",
                "HTTPS://Example.ORG/Seven",
            ],
            read.Citations.Select(c => c.Url));
        Assert.Equal("https://example.org/Seven", read.Citations[^1].Normalized.Url);
        Assert.Empty(read.Skipped);
    }

    [Fact]
    public void LinksThatCannotBeChecked_AreListedAsWritten_FragmentsAreNot()
    {
        const string page = """
            <html><body><main>
            <p><a href="#nota-1">[1]</a> <a href="">this page</a> <a href="#">top</a></p>
            <p><a href="http://exa mple.org/">bad host</a> <a href="https://user:secret@example.org/">password</a>
            <a href="http:/example.org/">one slash</a> <a href="MAILTO:Info@Example.org">write</a>
            <a href="sms:+5215555">sms</a> <a href="file:///C:/informe.pdf">file</a> <a href="data:text/html,hola">data</a>
            <a href="C:\Users\ana\informe.pdf">windows path</a></p>
            </main></body></html>
            """;

        var read = DocumentReaders.Read(Utf8(page), OwnAddress)!;

        Assert.Empty(read.Citations);
        Assert.Equal(
            [
                ("http://exa mple.org/", SkipReasons.Malformed),
                ("https://user:secret@example.org/", SkipReasons.Malformed),
                ("http:/example.org/", SkipReasons.Malformed),
                ("MAILTO:Info@Example.org", SkipReasons.Email),
                ("sms:+5215555", SkipReasons.Scheme),
                ("file:///C:/informe.pdf", SkipReasons.Scheme),
                ("data:text/html,hola", SkipReasons.Scheme),
                (@"C:\Users\ana\informe.pdf", SkipReasons.Scheme),
            ],
            Skipped(read));
    }

    [Fact]
    public void AHugeDataLink_IsListedByItsStart()
    {
        var data = "data:application/pdf;base64," + new string('A', 100_000);
        var page = $"""<html><body><p>Descargar <a href="{data}">el informe</a>.</p></body></html>""";

        var skipped = Assert.Single(DocumentReaders.Read(Utf8(page), null)!.Skipped);

        Assert.Equal(SkipReasons.Scheme, skipped.Reason);
        Assert.StartsWith("data:application/pdf;base64,AAAA", skipped.Text, StringComparison.Ordinal);
        Assert.Equal(300, skipped.Text.Length);
    }

    [Fact]
    public void LinkContext_LongAnchorAlone_ShortOneInItsSentence_EmptyOneByItsImage()
    {
        const string page = """
            <html><body><article>
            <p>Primera frase sin enlaces. La relatoría publicó <a href="https://example.org/1">este informe</a> el lunes. Tercera frase.</p>
            <p><a href="https://example.org/2">Informe sobre la situación de los derechos humanos en Venezuela</a></p>
            <p><a href="https://example.org/3"><img src="portada.png" alt="Portada del informe anual"></a></p>
            <p><a href="https://example.org/4" title="Comunicado de prensa 027/20"></a></p>
            <ul><li><a href="https://example.org/5">Anexo</a></li></ul>
            </article></body></html>
            """;

        var read = DocumentReaders.Read(Utf8(page), null)!;

        Assert.Equal(
            [
                ("https://example.org/1", "La relatoría publicó este informe el lunes.", null),
                ("https://example.org/2", "Informe sobre la situación de los derechos humanos en Venezuela", null),
                ("https://example.org/3", "Portada del informe anual", null),
                ("https://example.org/4", "Comunicado de prensa 027/20", null),
                ("https://example.org/5", "Anexo", null),
            ],
            Cited(read));
    }

    [Fact]
    public void LinkContext_IsAtMostAbout300Characters_AroundTheLink()
    {
        var filler = string.Join(' ', Enumerable.Repeat("palabra", 80));
        var page = $"""<html><body><article><p>{filler} <a href="https://example.org/x">aquí</a> {filler}</p></article></body></html>""";

        var context = DocumentReaders.Read(Utf8(page), null)!.Citations.Single().Context;

        Assert.InRange(context.Length, 250, 300);
        Assert.Contains(" palabra aquí palabra ", context, StringComparison.Ordinal);
        Assert.StartsWith("…", context, StringComparison.Ordinal);
        Assert.EndsWith("…", context, StringComparison.Ordinal);
    }

    [Fact]
    public void QuoteNearALink_IsKept()
    {
        const string page = """
            <html><body><article>
            <p>El ministro dijo que “no habrá más detenciones arbitrarias” según <a href="https://example.org/nota">la nota</a>.</p>
            </article></body></html>
            """;

        var cited = DocumentReaders.Read(Utf8(page), null)!.Citations.Single();

        Assert.Equal("no habrá más detenciones arbitrarias", cited.Quote);
    }

    [Fact]
    public void TextUrlBesideOrInsideItsOwnLink_IsOneCitation_AndEachLinkAbsorbsOneText()
    {
        const string page = """
            <html><body><article>
            <p><a href="https://example.org/a">Informe</a> (https://example.org/a) y de nuevo https://example.org/a.</p>
            <p>Otro párrafo: https://example.org/a</p>
            <p><a href="https://bit.ly/xyz">https://example.org/disfrazado</a></p>
            </article></body></html>
            """;

        var read = DocumentReaders.Read(Utf8(page), null)!;

        Assert.Equal(
            ["https://example.org/a", "https://example.org/a", "https://example.org/a", "https://bit.ly/xyz", "https://example.org/disfrazado"],
            read.Citations.Select(c => c.Url));
        Assert.Equal([("https://example.org/a", SkipReasons.Duplicate)], Skipped(read));
    }

    [Fact]
    public void EmailAddressInTheText_IsListed_OnceWhenItIsAlsoAMailtoLink()
    {
        const string page = """
            <html><body><article>
            <p>Escriba a denuncias@example.org o a <a href="mailto:prensa@example.org">prensa@example.org</a>.</p>
            <p>Un enlace <a href="https://example.org/contacto">contacto: info@example.org</a>.</p>
            </article></body></html>
            """;

        var read = DocumentReaders.Read(Utf8(page), null)!;

        Assert.Equal(["https://example.org/contacto"], read.Citations.Select(c => c.Url));
        Assert.Equal(
            [
                ("denuncias@example.org", SkipReasons.Email),
                ("mailto:prensa@example.org", SkipReasons.Email),
                ("info@example.org", SkipReasons.Email),
            ],
            Skipped(read));
    }

    [Fact]
    public void ChromeLinks_AreNotTheDocumentsCitations_ButALinkListInTheArticleIs()
    {
        const string page = """
            <html><body>
            <nav><a href="https://example.org/inicio">Inicio</a> <a href="https://example.org/contacto">Contacto</a></nav>
            <div class="sidebar"><a href="https://example.org/otra-noticia">Otra noticia</a></div>
            <article>
              <h1>Comunicado</h1>
              <p>La organización presentó hoy su informe sobre la situación de las personas defensoras, con recomendaciones al Estado.</p>
              <h2>Fuentes</h2>
              <ul>
                <li><a href="https://example.org/fuente-1">Fuente uno</a></li>
                <li><a href="https://example.org/fuente-2">Fuente dos</a></li>
                <li><a href="https://example.org/fuente-3">Fuente tres</a></li>
              </ul>
            </article>
            <div class="share"><a href="https://twitter.com/intent/tweet?url=x">Compartir</a></div>
            <footer><a href="https://example.org/privacidad">Privacidad</a></footer>
            </body></html>
            """;

        var read = DocumentReaders.Read(Utf8(page), null)!;

        Assert.Equal(
            ["https://example.org/fuente-1", "https://example.org/fuente-2", "https://example.org/fuente-3"],
            read.Citations.Select(c => c.Url));
        Assert.Empty(read.Skipped);
    }

    [Theory]
    [InlineData("contenido", new[] { "https://example.org/fuente-1", "https://example.org/fuente-2" })]
    [InlineData("x", new string[0])]
    public void UnmarkedLayout_LinkListsInsideTheMainBlock_AreKept_ButNotTheBodysLinkBoxes(string id, string[] expected)
    {
        // With a block that stands out (its id says it is the content), the list of sources inside it is read, although
        // the checker leaves such boxes out of the page's text. With none, the body is read without its boxes of
        // links (unnamed menus), as the checker reads it: the sources' box goes with the menu.
        var sentence = "La comisión recibió información sobre detenciones, allanamientos y amenazas contra periodistas en varias ciudades del país. ";
        var page = $"""
            <html><body>
            <table><tr><td><a href="https://example.org/a">Inicio</a><br><a href="https://example.org/b">Noticias</a><br><a href="https://example.org/c">Contacto</a></td>
            <td><div id="{id}"><p>{sentence}{sentence}</p><p>{sentence}{sentence}</p>
            <div><a href="https://example.org/fuente-1">Fuente uno</a> <a href="https://example.org/fuente-2">Fuente dos</a></div></div></td></tr></table>
            </body></html>
            """;

        var read = DocumentReaders.Read(Utf8(page), null)!;

        Assert.Equal(expected, read.Citations.Select(c => c.Url));
    }

    [Fact]
    public void Windows1252Page_DeclaredByItsMeta_IsDecoded()
    {
        const string page = """
            <html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>Represión</title></head>
            <body><p>Según el <a href="https://example.org/informe">informe</a>, hubo represión.</p></body></html>
            """;
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(page);

        var read = DocumentReaders.Read(bytes, null)!;

        Assert.Equal(DocumentKind.Html, read.Kind);
        Assert.Equal("Represión", read.Title);
        Assert.Equal([("https://example.org/informe", "Según el informe, hubo represión.", null)], Cited(read));
    }

    [Fact]
    public void ShiftJisPage_DeclaredByItsMeta_IsTextAndDecoded()
    {
        // Read as windows-1252, these bytes would hold control characters (報告書 has a 0x8D byte).
        const string page = """<html><head><meta charset="shift_jis"><title>報告書</title></head><body><p>報告書は<a href="https://example.org/jp">こちら</a>。</p></body></html>""";
        var bytes = CodePagesEncodingProvider.Instance.GetEncoding("shift_jis")!.GetBytes(page);

        var read = DocumentReaders.Read(bytes, null)!;

        Assert.Equal(DocumentKind.Html, read.Kind);
        Assert.Equal("報告書", read.Title);
        Assert.Equal([("https://example.org/jp", "報告書はこちら。", null)], Cited(read));
    }

    [Fact]
    public void Utf16PageWithByteOrderMark_IsDecoded()
    {
        const string page = """<!DOCTYPE html><html><body><p>Véase <a href="https://example.org/ñ">el informe</a>.</p></body></html>""";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(page)).ToArray();

        var read = DocumentReaders.Read(bytes, null)!;

        Assert.Equal(DocumentKind.Html, read.Kind);
        Assert.Equal([("https://example.org/ñ", "Véase el informe.", null)], Cited(read));
        Assert.Equal("https://example.org/%C3%B1", read.Citations[0].Normalized.Url);
    }

    [Fact]
    public void DeeplyNestedMarkup_IsUnreadable()
    {
        var page = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 5000)) + "<a href=\"https://example.org/\">x</a></body></html>";

        Assert.Throws<UnreadableDocumentException>(() => DocumentReaders.Read(Utf8(page), null));
    }
}
