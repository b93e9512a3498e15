namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// The words and names that mark page chrome: tags, roles, class-name words (with the Spanish of the region's CMSs),
/// box headings and skip-link texts. Data only: <see cref="ClassNames"/>, <see cref="ChromeFinder"/> and
/// <see cref="ChromeByText"/> read it.
/// </summary>
internal static class ChromeVocabulary
{
    internal static readonly HashSet<string> InvisibleTags = new(StringComparer.Ordinal)
    {
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "video", "audio", "map", "select", "button", "textarea", "dialog",
    };

    internal static readonly HashSet<string> ChromeTags = new(StringComparer.Ordinal)
    {
        "header", "nav", "footer", "aside", "figcaption",
    };

    internal static readonly HashSet<string> ChromeRoles = new(StringComparer.Ordinal)
    {
        "navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog", "alertdialog",
    };

    // The role of an aside; like a chrome class name, only a hint when the element wraps the main region or headline.
    internal const string ComplementaryRole = "complementary";

    // Matched against whole class/id tokens, against their parts (see ClassTokens and TokenParts), and against runs of
    // parts that spell one word ("side-bar", "breadCrumbs", "pieDePagina"). A part that starts with "cookie" counts too
    // (CookieBot, cookielaw, cookiebar). Spanish CMS names included: government sites of the region are the monitor's
    // bread and butter.
    internal static readonly HashSet<string> ChromeWords = new(StringComparer.Ordinal)
    {
        "menu", "menus", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "sidebar", "footer",
        "cookie", "cookies", "consent", "gdpr", "share", "sharing", "social", "skip", "skiplink", "skiplinks",
        "banner", "related", "relacionadas", "relacionados", "counter", "contador", "visitas", "visitors",
        "submenu", "topmenu", "mainmenu", "leftmenu", "rightmenu", "sidemenu", "menuizq", "menuder", "menuprincipal",
        "menusuperior", "menulateral", "miga", "migas", "migapan", "redes", "compartir", "piepagina", "piedepagina",
        "newsletter", "publicidad", "advertisement", "caption", "credit", "credits", "copyright", "subscribe", "subscription",
        "sharedaddy", "tags", "taglist", "noprint", "bio", "disclaimer", "textwidget", "widgettitle",
    };

    // A part that starts with one of these is chrome too: cookie banners (CookieBot, cookielaw).
    internal static readonly string[] ChromePrefixes = ["cookie"];

    // Readers' comments (commentlist, comments-area, kommentare, disqus_thread, the reply form): never the source's own
    // words, however long their prose; unless the element holds most of the page's prose, as an "article-commentary",
    // a German "Kommentar" (an opinion piece) or a post wrapper tagged "comentarios" does.
    internal static readonly string[] CommentPrefixes = ["comment", "kommentar", "comentario", "disqus"];

    internal static readonly HashSet<string> CommentWords = new(StringComparer.Ordinal)
    {
        "respond", "akismet",
    };

    // Page-level headers: chrome only outside an article or main region, where they may hold the headline instead
    // ("pie" is also a photo caption there: "pie de foto").
    internal static readonly HashSet<string> HeaderWords = new(StringComparer.Ordinal)
    {
        "header", "masthead", "cabecera", "encabezado", "pie",
    };

    // Parts that may stand next to a header word without changing what it names: "site-header", "headerWrap",
    // "header-top", "pie-de-pagina", ASP.NET's "ctl00_Header". Any other part makes it something else: an article's
    // "entry-header", a "headerTitle", a "pieChart" or "pie-de-foto".
    internal static readonly HashSet<string> HeaderCompanions = new(StringComparer.Ordinal)
    {
        "site", "page", "pagina", "página", "top", "main", "global", "de", "del", "wrap", "wrapper", "container",
        "inner", "outer", "bar", "area", "ctl",
    };

    // Box headings of chrome that carries no telling class: the box they open is dropped when it is mostly links.
    internal static readonly HashSet<string> ChromeHeadings = new(StringComparer.Ordinal)
    {
        // Spanish
        "noticias relacionadas", "notas relacionadas", "artículos relacionados", "contenido relacionado",
        "enlaces relacionados", "temas relacionados", "más noticias", "mas noticias", "otras noticias", "últimas noticias",
        "ultimas noticias", "te puede interesar", "le puede interesar", "también te puede interesar",
        "también le puede interesar", "te podría interesar", "lea también", "lee también", "lea más", "lee más",
        "ver también", "vea también", "mira también", "puedes ver", "lo más leído", "lo más visto", "más leídas",
        "enlaces de interés", "comparte", "compartir", "compartir en redes", "síguenos", "siguenos", "etiquetas",
        "comentarios", "sobre el autor",
        // English
        "related news", "related articles", "related content", "related posts", "related stories", "more news",
        "latest news", "you may also like", "you might also like", "you may be interested in", "read more", "read also",
        "also read", "see also", "more on this topic", "more stories", "recommended", "recommended for you",
        "most popular", "most read", "trending", "share", "share this", "share this article", "follow us", "tags",
        "leave a reply", "leave a comment", "about the author",
        // German
        "das könnte sie auch interessieren", "das könnte dich auch interessieren", "auch interessant", "mehr zum thema",
        "lesen sie auch", "lies auch", "schon gelesen", "weitere artikel", "weitere beiträge", "ähnliche beiträge",
        "ähnliche artikel", "verwandte artikel", "beliebte beiträge", "meistgelesen", "meistgelesene artikel",
        "neueste beiträge", "teilen", "diesen artikel teilen", "schlagworte", "kommentare", "über den autor",
        // French, Portuguese, Italian, Polish
        "à lire aussi", "a lire aussi", "lire aussi", "voir aussi", "sur le même sujet", "articles similaires",
        "les plus lus", "partager", "mots-clés", "commentaires", "leia também", "veja também", "leia mais",
        "notícias relacionadas", "mais lidas", "leggi anche", "potrebbe interessarti", "articoli correlati",
        "czytaj też", "czytaj także", "zobacz też", "zobacz także", "przeczytaj także", "polecamy",
        "najczęściej czytane", "komentarze",
    };

    internal static readonly HashSet<string> SkipLinkTexts = new(StringComparer.Ordinal)
    {
        "skip to content", "skip to main content", "saltar al contenido", "saltar al contenido principal",
        "ir al contenido", "ir al contenido principal", "pasar al contenido principal",
    };

    // Only as whole tokens: these hide text from sighted readers.
    internal static readonly HashSet<string> HiddenTokens = new(StringComparer.Ordinal)
    {
        "hidden", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "skip-link", "skiplink",
    };

    // "has-sidebar", "no-menu", "contentWithSidebar" describe the layout of a wrapper, not chrome itself; "menuDelDia"
    // is a restaurant's set meal, not a navigation menu.
    internal static readonly HashSet<string> NotChromeParts = new(StringComparer.Ordinal)
    {
        "has", "no", "with", "without", "dia", "día",
    };
    /// <summary>Elements that are never chrome by their tag or class: the page itself and its marked main regions.</summary>
    internal static readonly HashSet<string> ProtectedTags = new(StringComparer.Ordinal)
    {
        "html", "body", "main", "article",
    };
}
