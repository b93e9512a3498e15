using System.Text;

namespace CitationMonitor.TestSupport.Fixtures;

/// <summary>One body to extract: a fixture page as served, or a variant of it.</summary>
/// <param name="Page">The fixture file the body comes from.</param>
/// <param name="Name">What the variant changes, in words ("original" for the file as it is).</param>
/// <param name="Body">The bytes as a server would send them.</param>
/// <param name="ContentType">The Content-Type header sent with them.</param>
/// <param name="Deleted">For an edited variant: the words the change removes, space-separated ("" for none).</param>
/// <param name="Inserted">For an edited variant: the words the change adds, space-separated ("" for none).</param>
public sealed record PageVariant(string Page, string Name, byte[] Body, string ContentType, string Deleted = "", string Inserted = "")
{
    public override string ToString() => $"{Page}: {Name}";
}

/// <summary>
/// The hand-made pages under <c>tests/Fixtures</c> (copied to <c>Fixtures/</c> next to the test assembly) and
/// their variants: noisy ones a visitor would call the same page, edited ones whose main text really changed.
/// Variants are made by replacing one exact snippet of the file, so each file stays the single source of markup.
/// </summary>
public static class FixturePages
{
    /// <summary>A gob.mx-like press release: header, nav, main, article, aside, footer and a cookie banner.</summary>
    public const string GobMx = "gobmx-semantic.html";

    /// <summary>A Guatemalan-ministry-like page laid out with tables and divs only, inside an ASP.NET form.</summary>
    public const string IgmTables = "igm-tables.html";

    /// <summary>An IACHR-like press release in windows-1252, declared only by a &lt;meta http-equiv&gt;.</summary>
    public const string Cidh1252 = "cidh-1252.html";

    public static IReadOnlyList<string> Names { get; } = [GobMx, IgmTables, Cidh1252];

    private const string CookieBanner =
        """<div class="aviso-cookies" id="cookies">Utilizamos cookies propias y de terceros para analizar el uso del sitio. <a href="/privacidad">Más información</a> <button>Aceptar</button></div>""";

    private static readonly Encoding Windows1252;

    static FixturePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1252 = Encoding.GetEncoding(1252);
    }

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static byte[] Bytes(string page) => File.ReadAllBytes(Path.Combine(Folder, page));

    /// <summary>The Content-Type header each page is served with; the 1252 page relies on its &lt;meta&gt; alone.</summary>
    public static string ContentType(string page) => page == Cidh1252 ? "text/html" : "text/html; charset=utf-8";

    /// <summary>The page's markup as text.</summary>
    public static string Html(string page) => EncodingOf(page).GetString(Bytes(page));

    /// <summary>Every (page, noisy variant name) pair, for theories.</summary>
    public static TheoryData<string, string> NoisyCases() => Cases(Noisy);

    /// <summary>Every (page, edited variant name) pair, for theories.</summary>
    public static TheoryData<string, string> EditedCases() => Cases(Edited);

    private static TheoryData<string, string> Cases(Func<string, IReadOnlyList<PageVariant>> variants)
    {
        var data = new TheoryData<string, string>();
        foreach (var page in Names)
        {
            foreach (var variant in variants(page))
            {
                data.Add(page, variant.Name);
            }
        }

        return data;
    }

    public static PageVariant Original(string page) => new(page, "original", Bytes(page), ContentType(page));

    /// <summary>Variants whose main text is the same as the original's.</summary>
    public static IReadOnlyList<PageVariant> Noisy(string page)
    {
        var html = Html(page);
        var variants = new List<PageVariant>
        {
            Variant(page, "cookie banner added", AddAfterBodyTag(html, CookieBanner)),
            new(page, "same text with a UTF-8 byte order mark",
                [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ToUtf8Declaration(html))], "text/html"),
        };

        switch (page)
        {
            case GobMx:
                variants.Add(Variant(page, "date in the header changed", Replace(html, "lunes 15 de enero de 2024", "martes 16 de enero de 2024")));
                variants.Add(Variant(page, "CSRF token changed", Replace(html, "k9Xq2pL7vR4mN8sT1wY6zB3cD5fG0hJ", "Zp4Rt8Wq1Lm6Vn3Bx9Ks2Hd7Fj0Gc5")));
                variants.Add(Variant(page, "related press rotated", Replace(html,
                    """<li><a href="/prensa/024">Inicia programa de identificación humana</a></li>""",
                    """<li><a href="/prensa/029">Concluye jornada de búsqueda en Colima</a></li>""")));
                variants.Add(Variant(page, "cookie banner text changed", Replace(html, "para mejorar su experiencia", "con fines estadísticos")));
                variants.Add(Variant(page, "modification date in the meta tags changed", Replace(html, "2024-01-16T08:00:00", "2024-01-17T09:15:00")));
                variants.Add(new(page, "re-encoded as windows-1252 and declared in the header (the meta still says utf-8)",
                    Windows1252.GetBytes(html), "text/html; charset=windows-1252"));
                break;
            case IgmTables:
                variants.Add(Variant(page, "date in the header changed", Replace(html, "lunes 15 de enero de 2024", "martes 16 de enero de 2024")));
                variants.Add(Variant(page, "visitor counter changed", Replace(html, "Visitas: 48213", "Visitas: 48297")));
                variants.Add(Variant(page, "CSRF token and view state changed", Replace(
                    Replace(html, "CfDJ8Nq3xZ7wPpA2tLmV9sKd4YhR1uE", "CfDJ8Lk2Mn5Qr7St9Uv1Wx3Yz5Ab7Cd"),
                    "MTY1NDU2MTA1MmRkZmR2Qm9sZXRpbg==", "MTY1NDU2MTA1MmRkZmR2Qm9sZXRpbo==")));
                variants.Add(Variant(page, "related news rotated", Replace(html,
                    """<tr><td><a href="noticia.aspx?id=4519">Entregan equipo a la Policía Nacional Civil en Quetzaltenango</a></td></tr>""",
                    """<tr><td><a href="noticia.aspx?id=4523">Capacitan a agentes en atención a víctimas</a></td></tr>""")));
                variants.Add(new(page, "re-encoded as windows-1252 with its meta changed, no header charset",
                    Windows1252.GetBytes(Replace(html, "charset=utf-8", "charset=windows-1252")), "text/html"));
                break;
            case Cidh1252:
                variants.Add(Variant(page, "left menu gained an item", Replace(html,
                    """<li><a href="/prensa/comunicados/2022">Comunicados 2022</a></li>""",
                    """<li><a href="/prensa/comunicados/2022">Comunicados 2022</a></li><li><a href="/prensa/comunicados/2021">Comunicados 2021</a></li>""")));
                variants.Add(Variant(page, "more news rotated", Replace(html,
                    """<li><a href="/prensa/2024/011.asp">CIDH otorga medidas cautelares a periodista</a></li>""",
                    """<li><a href="/prensa/2024/013.asp">CIDH saluda ratificación de la Convención</a></li>""")));
                variants.Add(new(page, "re-encoded as UTF-8 with its meta changed", Encoding.UTF8.GetBytes(ToUtf8Declaration(html)), "text/html"));
                variants.Add(new(page, "UTF-8 declared by the header while the meta still says windows-1252",
                    Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8"));
                variants.Add(new(page, "declared ISO-8859-1 by the header", Bytes(page), "text/html; charset=ISO-8859-1"));
                break;
        }

        return variants;
    }

    /// <summary>Variants whose main text changed, with the words a diff should name.</summary>
    public static IReadOnlyList<PageVariant> Edited(string page)
    {
        var html = Html(page);
        return page switch
        {
            GobMx =>
            [
                Variant(page, "one word changed", Replace(html, "titular de la Comisión reconoció", "titular de la Comisión admitió"), "reconoció", "admitió"),
                Variant(page, "paragraph removed", Replace(html, $"<p>{GobMxLastParagraph}</p>", ""), GobMxLastParagraph, ""),
                Variant(page, "number changed", Replace(html, "documenta 37 jornadas", "documenta 38 jornadas"), "37", "38"),
                Variant(page, "table cell changed", Replace(html, "<td>1,245</td>", "<td>1,254</td>"), "1,245", "1,254"),
            ],
            IgmTables =>
            [
                Variant(page, "one word changed", Replace(html, "instaló este domingo", "instaló este sábado"), "domingo", "sábado"),
                Variant(page, "paragraph removed", Replace(html, $"{IgmSecondParagraph}<br><br>", ""), IgmSecondParagraph, ""),
                Variant(page, "number changed", Replace(html, "de los 48 cantones", "de los 46 cantones"), "48", "46"),
                Variant(page, "table cell changed", Replace(html, "<td>11 de marzo</td>", "<td>18 de marzo</td>"), "11", "18"),
            ],
            Cidh1252 =>
            [
                Variant(page, "one word changed", Replace(html, "expresa su preocupación", "expresa su alarma"), "preocupación", "alarma"),
                Variant(page, "paragraph removed", Replace(html, $"<p>{CidhFourthParagraph}</p>", ""), CidhFourthParagraph, ""),
                Variant(page, "number changed", Replace(html, "al menos 126 personas", "al menos 162 personas"), "126", "162"),
            ],
            _ => throw new ArgumentException($"No fixture page named {page}.", nameof(page)),
        };
    }

    public const string GobMxLastParagraph =
        "Las familias podrán consultar el informe completo y presentar observaciones por escrito hasta el 29 de febrero.";

    public const string IgmSecondParagraph =
        "Durante la primera sesión, las autoridades comunitarias presentaron sus demandas sobre el acceso al agua, la seguridad en los caminos rurales y la consulta previa, libre e informada.";

    public const string CidhFourthParagraph =
        "Asimismo, la CIDH insta a garantizar que las personas defensoras puedan ejercer su labor sin temor a represalias, y reitera su disposición a brindar asistencia técnica.";

    private static Encoding EncodingOf(string page) => page == Cidh1252 ? Windows1252 : Encoding.UTF8;

    private static PageVariant Variant(string page, string name, string html, string deleted = "", string inserted = "") =>
        new(page, name, EncodingOf(page).GetBytes(html), ContentType(page), deleted, inserted);

    /// <summary>Replaces the one occurrence of <paramref name="old"/>; a fixture edit that stops matching must fail loudly.</summary>
    public static string Replace(string html, string old, string replacement)
    {
        var first = html.IndexOf(old, StringComparison.Ordinal);
        if (first < 0 || html.IndexOf(old, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException($"Expected exactly one occurrence of \"{old}\" in the fixture.");
        }

        return string.Concat(html.AsSpan(0, first), replacement, html.AsSpan(first + old.Length));
    }

    private static string AddAfterBodyTag(string html, string markup)
    {
        var body = html.IndexOf("<body", StringComparison.Ordinal);
        var end = html.IndexOf('>', body) + 1;
        return string.Concat(html.AsSpan(0, end), "\n", markup, html.AsSpan(end));
    }

    private static string ToUtf8Declaration(string html) =>
        html.Replace("charset=windows-1252", "charset=utf-8", StringComparison.Ordinal);
}
