using System.Globalization;
using System.Text;

namespace CitationMonitor.Sweep;

/// <summary>How a local site answers a second request for the same page.</summary>
internal enum SiteKind
{
    /// <summary>Sends <c>ETag</c> and <c>Last-Modified</c> and answers a matching conditional request with 304.</summary>
    Validators,

    /// <summary>No validators; the same bytes every time.</summary>
    Stable,

    /// <summary>No validators; a per-response token in the search form makes every body different, with the same text.</summary>
    Tokenized,
}

/// <summary>
/// What a page of a site is, derived from its number alone (so every run sees the same pages). A redirected page moved:
/// its cited path answers 301 to <see cref="SitePages.MovedPathOf"/>, which serves it.
/// </summary>
internal readonly record struct PageFacts(bool Missing, bool Changes, int TargetBytes, bool Redirected = false);

/// <summary>
/// Deterministic government-style pages: per site a head with styles and scripts, a header with a search form, a menu,
/// breadcrumbs, and per page an article of 10 to 100 KB (log-uniform, so most pages are 15 to 50 KB), a related-news box
/// and a footer. A share of pages is missing (404 with the site's not-found template), a share changes one
/// paragraph from the second sweep on, and a share (none unless asked) moved to another path behind a 301. Every site's kind (<see cref="SiteKind"/>) is its number modulo 3.
/// </summary>
internal sealed class SitePages
{
    public const string PathPrefix = "/es/prensa/comunicados/";

    /// <summary>Where a moved page is served from.</summary>
    public const string MovedPrefix = "/es/prensa/archivo/";
    public const string ContentType = "text/html; charset=utf-8";

    private const int MinBytes = 10_000;
    private const int MaxBytes = 100_000;

    private static readonly string[] Words =
    [
        "la", "el", "de", "los", "las", "del", "en", "con", "para", "por", "que", "una", "un", "se", "su", "sus", "y",
        "a", "al", "como", "sobre", "entre", "durante", "según", "además", "también", "mediante", "así", "Secretaría",
        "Instituto", "Nacional", "Migración", "Comisión", "derechos", "humanos", "personas", "migrantes", "solicitantes",
        "asilo", "refugio", "frontera", "caravana", "autoridades", "federales", "estatales", "protección",
        "internacional", "atención", "niñas", "niños", "adolescentes", "familias", "mujeres", "albergues", "estaciones",
        "migratorias", "procedimiento", "resolución", "solicitud", "expediente", "plazo", "días", "hábiles", "informe",
        "recomendación", "observaciones", "medidas", "cautelares", "visita", "verificación", "acceso", "justicia",
        "debido", "proceso", "garantías", "libertad", "integridad", "salud", "pública", "emergencia", "operativo",
        "coordinación", "Guardia", "elementos", "despliegue", "Chiapas", "Tabasco", "Tapachula", "Guatemala", "Honduras",
        "regional", "cooperación", "programa", "empleo", "visas", "humanitarias", "tarjetas", "regularización",
        "documentación", "registro", "estadísticas", "cifras", "mensuales", "aumento", "periodo", "trimestre",
        "Constitución", "artículo", "fracción", "Ley", "Reglamento", "Convención", "principio", "devolución",
        "interés", "superior", "niñez", "obligación", "Estado", "garantizar", "respetar", "proteger", "investigar",
        "quejas", "presentadas", "concluidas", "análisis", "información", "dependencias", "organizaciones", "sociedad",
        "civil", "testimonios", "entrevistas", "condiciones", "detención", "alimentación", "agua", "servicios", "médicos",
        "intérpretes", "asesoría", "jurídica", "consular", "retorno", "deportación", "traslado", "puente", "fronterizo",
    ];

    private static readonly string[] Offices =
    [
        "Secretaría de Gobernación", "Instituto Nacional de Migración", "Comisión Nacional de los Derechos Humanos",
        "Secretaría de Relaciones Exteriores", "Instituto Guatemalteco de Migración", "Comisión Mexicana de Ayuda a Refugiados",
        "Ministerio de Relaciones Exteriores", "Defensoría del Pueblo", "Procuraduría de los Derechos Humanos",
    ];

    private static readonly string[] Months =
    [
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
        "diciembre",
    ];

    private readonly (string Top, string Bottom, string NotFound, string Home)[] _sites;
    private readonly double _missingShare;
    private readonly double _changedShare;
    private readonly double _redirectedShare;

    public SitePages(int sites, int pagesPerSite, double missingShare, double changedShare, double redirectedShare = 0)
    {
        PagesPerSite = pagesPerSite;
        _missingShare = missingShare;
        _changedShare = changedShare;
        _redirectedShare = redirectedShare;
        _sites = [.. Enumerable.Range(0, sites).Select(BuildSite)];
    }

    public int PagesPerSite { get; }

    public int Sites => _sites.Length;

    public static SiteKind KindOf(int site) => (SiteKind)(site % 3);

    /// <summary>The path of a page; the inverse of <see cref="TryParse"/>.</summary>
    public static string PathOf(int page) => PathOf(PathPrefix, page);

    /// <summary>The path a moved page is served from; the inverse of <see cref="TryParseMoved"/>.</summary>
    public static string MovedPathOf(int page) => PathOf(MovedPrefix, page);

    public static bool TryParse(string path, out int page) => ParsePath(PathPrefix, path, out page);

    public static bool TryParseMoved(string path, out int page) => ParsePath(MovedPrefix, path, out page);

    private static string PathOf(string prefix, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{2015 + (page % 9)}/{page:D5}.html");

    private static bool ParsePath(string prefix, string path, out int page)
    {
        page = -1;
        if (!path.StartsWith(prefix, StringComparison.Ordinal) || !path.EndsWith(".html", StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path.AsSpan(prefix.Length, path.Length - prefix.Length - ".html".Length);
        var slash = rest.IndexOf('/');
        return slash > 0
            && int.TryParse(rest[..slash], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(rest[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out page)
            && year == 2015 + (page % 9);
    }

    public PageFacts Facts(int site, int page) => new(
        Missing: Unit(site, page, 1) < _missingShare,
        Changes: Unit(site, page, 2) < _changedShare,
        TargetBytes: (int)(MinBytes * Math.Pow((double)MaxBytes / MinBytes, Unit(site, page, 3))),
        // Drawn with its own salt, so adding redirects leaves every other page as it was; a missing page is not moved.
        Redirected: Unit(site, page, 6) < _redirectedShare && Unit(site, page, 1) >= _missingShare);

    /// <summary>The version of a page's content: changing pages move to a new version from <paramref name="generation"/> 2.</summary>
    public int VersionOf(int site, int page, int generation) => Facts(site, page).Changes ? Math.Max(1, generation) : 1;

    public string NotFound(int site) => _sites[site].NotFound;

    public string Home(int site) => _sites[site].Home;

    /// <summary>The HTML of a page in a version; <paramref name="token"/> goes into the search form when not null.</summary>
    public string Page(int site, int page, int version, string? token)
    {
        var facts = Facts(site, page);
        var (top, bottom, _, _) = _sites[site];
        var random = new Random(HashCode(site, page, 4));
        var title = Sentence(random, 7 + random.Next(6)).TrimEnd('.');
        var html = new StringBuilder(facts.TargetBytes + 4096);
        html.Append(top.Replace("{title}", title, StringComparison.Ordinal)
            .Replace("{token}", token ?? "", StringComparison.Ordinal));
        html.Append("<main id=\"contenido\"><article class=\"comunicado\">\n<h1>").Append(title).Append("</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"fecha\">Ciudad de México, {1 + random.Next(28)} de {Months[random.Next(12)]} de {2015 + (page % 9)}</p>\n");

        var paragraphs = 0;
        var bodyTarget = facts.TargetBytes - bottom.Length - 1200;
        while (html.Length < bodyTarget)
        {
            if (paragraphs > 0 && paragraphs % 6 == 0)
            {
                html.Append("<h2>").Append(Sentence(random, 4 + random.Next(5)).TrimEnd('.')).Append("</h2>\n");
            }

            html.Append("<p>");
            var sentences = 2 + random.Next(5);
            for (var s = 0; s < sentences; s++)
            {
                html.Append(Sentence(random, 8 + random.Next(18))).Append(' ');
            }

            if (paragraphs == 1 && version > 1)
            {
                html.Append(CultureInfo.InvariantCulture, $"Actualización {version}: el plazo para presentar observaciones se amplió {version * 15} días hábiles.");
            }

            html.Append("</p>\n");
            paragraphs++;
        }

        html.Append("</article>\n<aside class=\"relacionadas\"><h2>Noticias relacionadas</h2><ul>\n");
        for (var i = 1; i <= 8; i++)
        {
            var other = (page + (i * 37)) % PagesPerSite;
            html.Append("<li><a href=\"").Append(PathOf(other)).Append("\">").Append(Sentence(random, 6).TrimEnd('.')).Append("</a></li>\n");
        }

        html.Append("</ul></aside></main>\n").Append(bottom);
        return html.ToString();
    }

    private (string Top, string Bottom, string NotFound, string Home) BuildSite(int site)
    {
        var random = new Random(HashCode(site, 0, 5));
        var office = Offices[site % Offices.Length];
        var head = new StringBuilder();
        head.Append("<!DOCTYPE html>\n<html lang=\"es\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title} | ").Append(office).Append("</title>\n");
        head.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        for (var i = 0; i < 4; i++)
        {
            head.Append(CultureInfo.InvariantCulture, $"<link rel=\"stylesheet\" href=\"/assets/css/estilo-{i}.css?v={random.Next(1000, 9999)}\">\n");
        }

        head.Append("<style>\n");
        for (var i = 0; i < 40; i++)
        {
            head.Append(CultureInfo.InvariantCulture, $".bloque-{i} {{ margin: {random.Next(0, 24)}px {random.Next(0, 24)}px; color: #{random.Next(0x1000000):x6}; }}\n");
        }

        head.Append("</style>\n<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>\n");
        head.Append("</head>\n<body>\n<div id=\"aviso-cookies\" class=\"cookies\">Este sitio utiliza cookies para mejorar su experiencia. <button>Aceptar</button></div>\n");
        head.Append("<header class=\"encabezado\"><a class=\"logo\" href=\"/\">").Append(office).Append("</a>\n");
        head.Append("<form class=\"buscador\" action=\"/buscar\" method=\"get\"><input type=\"hidden\" name=\"csrf\" value=\"{token}\"><input type=\"search\" name=\"q\" placeholder=\"Buscar\"><button>Buscar</button></form>\n");
        head.Append("<nav class=\"menu-principal\"><ul>\n");
        for (var i = 0; i < 8; i++)
        {
            head.Append("<li><a href=\"/es/seccion-").Append(i).Append("\">").Append(Title(random, 2)).Append("</a><ul>");
            for (var j = 0; j < 6; j++)
            {
                head.Append("<li><a href=\"/es/seccion-").Append(i).Append('/').Append(j).Append("\">").Append(Title(random, 3)).Append("</a></li>");
            }

            head.Append("</ul></li>\n");
        }

        head.Append("</ul></nav></header>\n<nav class=\"breadcrumb\"><a href=\"/\">Inicio</a> › <a href=\"/es/prensa\">Prensa</a> › Comunicados</nav>\n");
        var top = head.ToString();

        var foot = new StringBuilder();
        foot.Append("<footer class=\"pie\"><div class=\"contacto\">").Append(office).Append(CultureInfo.InvariantCulture, $". Av. Reforma {random.Next(10, 999)}, Ciudad de México. Tel. 55 {random.Next(1000, 9999)} {random.Next(1000, 9999)}</div><ul>");
        for (var i = 0; i < 12; i++)
        {
            foot.Append("<li><a href=\"/es/enlace-").Append(i).Append("\">").Append(Title(random, 3)).Append("</a></li>");
        }

        foot.Append("</ul><p>Todos los derechos reservados.</p></footer>\n<script src=\"/assets/js/sitio.js\"></script>\n</body>\n</html>\n");
        var bottom = foot.ToString();

        var notFound = top.Replace("{title}", "Página no encontrada", StringComparison.Ordinal).Replace("{token}", "", StringComparison.Ordinal)
            + "<main><h1>Página no encontrada</h1><p>La página que busca no existe o fue movida. Regrese al <a href=\"/\">inicio</a>.</p></main>\n"
            + bottom;
        var home = top.Replace("{title}", "Inicio", StringComparison.Ordinal).Replace("{token}", "", StringComparison.Ordinal)
            + "<main><h1>" + office + "</h1><ul>"
            + string.Concat(Enumerable.Range(0, Math.Min(20, PagesPerSite)).Select(p => $"<li><a href=\"{PathOf(p)}\">Comunicado {p}</a></li>"))
            + "</ul></main>\n" + bottom;
        return (top, bottom, notFound, home);
    }

    private static string Sentence(Random random, int words)
    {
        var sentence = new StringBuilder(words * 9);
        for (var i = 0; i < words; i++)
        {
            var word = Words[random.Next(Words.Length)];
            if (i == 0)
            {
                sentence.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            }
            else
            {
                sentence.Append(' ').Append(word);
            }
        }

        return sentence.Append('.').ToString();
    }

    private static string Title(Random random, int words) => Sentence(random, words).TrimEnd('.');

    /// <summary>A number in [0, 1) fixed by site, page and purpose.</summary>
    private static double Unit(int site, int page, int salt) => (HashCode(site, page, salt) & 0xFFFFFF) / (double)0x1000000;

    private static int HashCode(int site, int page, int salt)
    {
        // SplitMix64 of the three numbers: stable across runs and processes, unlike string.GetHashCode.
        var z = ((ulong)(uint)site << 40) ^ ((ulong)(uint)page << 8) ^ (uint)salt;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }
}
