using System.Globalization;
using System.Text;

namespace CitationMonitor.Benchmarks.Inputs;

/// <summary>
/// A deterministic government-style HTML page of about 1 MB: head with styles and scripts, a cookie banner, a header
/// with search, a mega menu, breadcrumbs, a long article (sections, paragraphs with inline markup and entities,
/// lists, quotes, one large table), a share bar, a related-news sidebar, a footer and trailing scripts.
/// The edited version differs only in three sentences, a few words each, near 10 %, 50 % and 90 % of the article.
/// </summary>
public static class GovernmentPage
{
    public const string ContentType = "text/html; charset=utf-8";

    private const int Seed = 20_210_415;
    private const int TargetBytes = 1_000_000;

    private static readonly (string Original, string Edited)[] Edits =
    [
        ("El plazo para presentar observaciones vence el 15 de marzo de 2021.",
            "El plazo para presentar observaciones vence el 30 de abril de 2021."),
        ("Durante el periodo se registraron 1,245 solicitudes de la condición de refugiado.",
            "Durante el periodo se registraron 1,312 solicitudes de la condición de refugiado."),
        ("La Comisión recomendó suspender de inmediato las deportaciones colectivas.",
            "La Comisión recomendó revisar de inmediato las deportaciones colectivas."),
    ];

    private static readonly string[] Words =
    [
        "la", "el", "de", "los", "las", "del", "en", "con", "para", "por", "que", "una", "un", "se", "su", "sus", "y",
        "o", "a", "al", "como", "sobre", "entre", "durante", "según", "además", "también", "mediante", "así",
        "Secretaría", "Gobernación", "Instituto", "Nacional", "Migración", "Comisión", "derechos", "humanos",
        "personas", "migrantes", "solicitantes", "asilo", "refugio", "frontera", "sur", "norte", "caravana",
        "autoridades", "federales", "estatales", "municipales", "protección", "internacional", "atención",
        "niñas", "niños", "adolescentes", "familias", "mujeres", "albergues", "estaciones", "migratorias",
        "procedimiento", "administrativo", "resolución", "solicitud", "expediente", "plazo", "días", "hábiles",
        "informe", "anual", "recomendación", "observaciones", "medidas", "cautelares", "visita", "verificación",
        "acceso", "justicia", "debido", "proceso", "garantías", "judiciales", "libertad", "personal", "integridad",
        "salud", "pública", "sanitaria", "emergencia", "pandemia", "operativo", "coordinación", "interinstitucional",
        "Guardia", "Nacional", "elementos", "despliegue", "puntos", "internación", "Chiapas", "Tabasco", "Tapachula",
        "Ciudad", "Hidalgo", "Suchiate", "Guatemala", "Honduras", "El", "Salvador", "Nicaragua", "regional",
        "cooperación", "programa", "empleo", "temporal", "visas", "humanitarias", "tarjetas", "visitante",
        "regularización", "documentación", "identidad", "registro", "datos", "estadísticas", "cifras", "mensuales",
        "aumento", "disminución", "respecto", "año", "anterior", "periodo", "trimestre", "enero", "febrero", "marzo",
        "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
        "Constitución", "Política", "artículo", "fracción", "párrafo", "Ley", "Reglamento", "Convención",
        "Americana", "principio", "no", "devolución", "interés", "superior", "niñez", "unidad", "familiar",
        "obligación", "Estado", "mexicano", "garantizar", "respetar", "promover", "proteger", "investigar",
        "sancionar", "reparar", "violaciones", "quejas", "presentadas", "tramitadas", "concluidas", "pendientes",
        "análisis", "información", "proporcionada", "dependencias", "organizaciones", "sociedad", "civil",
        "testimonios", "recabados", "entrevistas", "realizadas", "personal", "adscrito", "oficina", "regional",
        "condiciones", "detención", "hacinamiento", "alimentación", "agua", "potable", "servicios", "médicos",
        "traductores", "intérpretes", "asesoría", "jurídica", "representación", "consular", "retorno", "asistido",
        "deportación", "expulsión", "traslado", "vehículos", "autobuses", "carretera", "puente", "fronterizo",
    ];

    private static readonly string[] States =
    [
        "Aguascalientes", "Baja California", "Baja California Sur", "Campeche", "Chiapas", "Chihuahua", "Coahuila",
        "Colima", "Ciudad de México", "Durango", "Guanajuato", "Guerrero", "Hidalgo", "Jalisco", "México", "Michoacán",
        "Morelos", "Nayarit", "Nuevo León", "Oaxaca", "Puebla", "Querétaro", "Quintana Roo", "San Luis Potosí",
        "Sinaloa", "Sonora", "Tabasco", "Tamaulipas", "Tlaxcala", "Veracruz", "Yucatán", "Zacatecas",
    ];

    private static readonly string[] Months =
    [
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
        "noviembre", "diciembre",
    ];

    /// <summary>The page as UTF-8 bytes; <paramref name="edited"/> selects the version with the changed sentences.</summary>
    public static byte[] Build(bool edited) => Encoding.UTF8.GetBytes(BuildHtml(edited));

    private static string BuildHtml(bool edited)
    {
        // Every call draws the same numbers: the edits consume none, so both versions share all other text.
        var random = new Random(Seed);

        var head = Head(random);
        var top = Top(random);
        var sidebar = Sidebar(random);
        var bottom = Bottom(random);
        var table = Table(random);
        var chromeBytes = Encoding.UTF8.GetByteCount(head) + Encoding.UTF8.GetByteCount(top)
            + Encoding.UTF8.GetByteCount(sidebar) + Encoding.UTF8.GetByteCount(bottom) + Encoding.UTF8.GetByteCount(table);

        var blocks = ArticleBlocks(random, TargetBytes - chromeBytes);
        for (var i = 0; i < Edits.Length; i++)
        {
            // Near 10 %, 50 % and 90 % of the article, each edit its own short paragraph.
            var at = blocks.Count * (i switch { 0 => 1, 1 => 5, _ => 9 }) / 10;
            var sentence = edited ? Edits[i].Edited : Edits[i].Original;
            blocks.Insert(at, $"<p>{sentence}</p>\n");
        }

        blocks.Insert(blocks.Count / 3, table);

        var html = new StringBuilder(TargetBytes + 64 * 1024);
        html.Append(head);
        html.Append("<body class=\"page-interior has-sidebar\">\n");
        html.Append(top);
        html.Append("<div class=\"container layout-two-columns\">\n<main id=\"main-content\" role=\"main\" tabindex=\"-1\">\n");
        html.Append("<article class=\"article-body informe\">\n<header class=\"article-header\">\n");
        html.Append("<h1>Informe especial sobre la situación de las personas en contexto de movilidad en la frontera sur</h1>\n");
        html.Append("<p class=\"article-meta\"><time datetime=\"2021-01-22\">22 de enero de 2021</time> &middot; Comunicado 027/2021</p>\n");
        html.Append("</header>\n");
        foreach (var block in blocks)
        {
            html.Append(block);
        }

        html.Append("<div class=\"share-bar social-share\"><span>Compartir:</span> <a href=\"#\">Facebook</a> <a href=\"#\">Twitter</a> <a href=\"#\">WhatsApp</a> <a href=\"#\">Correo</a></div>\n");
        html.Append("</article>\n</main>\n");
        html.Append(sidebar);
        html.Append("</div>\n");
        html.Append(bottom);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Head(Random random)
    {
        var head = new StringBuilder();
        head.Append("<!DOCTYPE html>\n<html lang=\"es-MX\">\n<head>\n<meta charset=\"utf-8\">\n");
        head.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        head.Append("<title>Informe especial sobre movilidad en la frontera sur | Secretaría de Gobernación | Gobierno | gob.mx</title>\n");
        head.Append("<meta property=\"og:title\" content=\"Informe especial sobre movilidad en la frontera sur\">\n");
        head.Append("<meta name=\"description\" content=\"Informe especial de la Secretaría sobre la atención a personas migrantes.\">\n");
        for (var i = 0; i < 8; i++)
        {
            head.Append(CultureInfo.InvariantCulture, $"<link rel=\"stylesheet\" href=\"/assets/css/bundle-{i}.{random.Next(100_000, 999_999)}.css\">\n");
        }

        head.Append("<style>\n");
        for (var i = 0; i < 700; i++)
        {
            head.Append(CultureInfo.InvariantCulture,
                $".c-{i}-{Word(random)} > .item-{random.Next(1000)}:hover {{ margin: {random.Next(40)}px {random.Next(40)}px; color: #{random.Next(0x1000000):x6}; font-size: {random.Next(10, 32)}px; }}\n");
        }

        head.Append("</style>\n");
        head.Append("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());gtag('config','G-XXXXXXX');</script>\n");
        head.Append("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"GovernmentOrganization\",\"name\":\"Secretaría de Gobernación\"}</script>\n");
        head.Append("</head>\n");
        return head.ToString();
    }

    private static string Top(Random random)
    {
        var top = new StringBuilder();
        top.Append("<a class=\"skip-link\" href=\"#main-content\">Saltar al contenido principal</a>\n");
        top.Append("<div id=\"cookie-consent\" class=\"cookie-banner\"><p>Este sitio utiliza cookies para mejorar su experiencia.</p><button>Aceptar</button></div>\n");
        top.Append("<header class=\"site-header\">\n<div class=\"gob-bar\"><a href=\"/\"><img src=\"/logo.svg\" alt=\"Gobierno de México\"></a>");
        top.Append("<form class=\"search-form\" action=\"/busqueda\"><label for=\"q\">Buscar</label><input id=\"q\" name=\"q\" type=\"search\"><button type=\"submit\">Buscar</button></form>");
        top.Append("<ul class=\"lang-switch\"><li><a href=\"/es\">Español</a></li><li><a href=\"/en\">English</a></li></ul></div>\n</header>\n");
        top.Append("<nav class=\"main-nav\" aria-label=\"Principal\">\n<ul class=\"menu mega-menu\">\n");
        for (var i = 0; i < 10; i++)
        {
            top.Append(CultureInfo.InvariantCulture, $"<li class=\"menu-item has-children\"><a href=\"/seccion-{i}\">{Title(random, 2)}</a>\n<ul class=\"submenu\">\n");
            for (var j = 0; j < 15; j++)
            {
                top.Append(CultureInfo.InvariantCulture,
                    $"<li><a href=\"/seccion-{i}/tema-{j}\">{Title(random, 3)}</a><span class=\"menu-description\">{Sentence(random, 8)}</span></li>\n");
            }

            top.Append("</ul></li>\n");
        }

        top.Append("</ul>\n</nav>\n");
        top.Append("<ol class=\"breadcrumb\"><li><a href=\"/\">Inicio</a></li><li><a href=\"/segob\">Secretaría de Gobernación</a></li><li><a href=\"/segob/prensa\">Prensa</a></li><li>Informe especial</li></ol>\n");
        return top.ToString();
    }

    private static string Sidebar(Random random)
    {
        var sidebar = new StringBuilder();
        sidebar.Append("<aside class=\"sidebar related-news\">\n<h2>Noticias relacionadas</h2>\n<ul>\n");
        for (var i = 0; i < 60; i++)
        {
            sidebar.Append(CultureInfo.InvariantCulture,
                $"<li class=\"news-card\"><a href=\"/prensa/{2020 + i % 2}/{i:000}\"><img src=\"/img/n{i}.jpg\" alt=\"\"><h3>{Title(random, 7)}</h3></a><p>{Sentence(random, 22)}</p><time>{random.Next(1, 29)} de {Months[random.Next(12)]} de 2021</time></li>\n");
        }

        sidebar.Append("</ul>\n</aside>\n");
        return sidebar.ToString();
    }

    private static string Bottom(Random random)
    {
        var bottom = new StringBuilder();
        bottom.Append("<footer class=\"site-footer\">\n");
        for (var i = 0; i < 5; i++)
        {
            bottom.Append(CultureInfo.InvariantCulture, $"<div class=\"footer-column\"><h4>{Title(random, 2)}</h4><ul>");
            for (var j = 0; j < 12; j++)
            {
                bottom.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/pie/{i}/{j}\">{Title(random, 3)}</a></li>");
            }

            bottom.Append("</ul></div>\n");
        }

        bottom.Append("<p class=\"legal\">Abraham González 48, Col. Juárez, Alcaldía Cuauhtémoc, C.P. 06600, Ciudad de México. Todos los derechos reservados &copy; 2021.</p>\n</footer>\n");
        bottom.Append("<script>\n");
        for (var i = 0; i < 600; i++)
        {
            bottom.Append(CultureInfo.InvariantCulture,
                $"!function(e,t){{var n{i}=document.querySelectorAll('.c-{i}');for(var r=0;r<n{i}.length;r++){{n{i}[r].addEventListener('click',function(){{t.track('{Word(random)}',{random.Next(100_000)})}})}}}}(window,window.analytics||{{track:function(){{}}}});\n");
        }

        bottom.Append("</script>\n");
        return bottom.ToString();
    }

    private static string Table(Random random)
    {
        var table = new StringBuilder();
        table.Append("<table class=\"table table-striped\">\n<caption>Cuadro 1. Personas atendidas por entidad federativa y mes, 2020</caption>\n");
        table.Append("<thead><tr><th>Entidad</th><th>Mes</th><th>Solicitudes</th><th>Resueltas</th><th>Pendientes</th><th>Variación</th></tr></thead>\n<tbody>\n");
        foreach (var state in States)
        {
            foreach (var month in Months)
            {
                var requests = random.Next(50, 5000);
                var resolved = random.Next(0, requests);
                table.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{state}</td><td>{month}</td><td>{requests:N0}</td><td>{resolved:N0}</td><td>{requests - resolved:N0}</td><td>{random.Next(-300, 300) / 10.0:0.0}&nbsp;%</td></tr>\n");
            }
        }

        table.Append("</tbody>\n</table>\n");
        return table.ToString();
    }

    private static List<string> ArticleBlocks(Random random, int budgetBytes)
    {
        var blocks = new List<string>();
        var used = 0;
        var section = 0;
        while (used < budgetBytes)
        {
            string block;
            var draw = random.Next(100);
            if (blocks.Count % 12 == 0)
            {
                section++;
                block = $"<section id=\"s{section}\">\n<h2>{section}. {Title(random, 6)}</h2>\n";
                if (section > 1)
                {
                    block = "</section>\n" + block;
                }
            }
            else if (draw < 8)
            {
                var list = new StringBuilder(draw < 4 ? "<ul>\n" : "<ol>\n");
                var items = random.Next(3, 9);
                for (var i = 0; i < items; i++)
                {
                    list.Append("<li>").Append(Sentence(random, random.Next(8, 20))).Append("</li>\n");
                }

                block = list.Append(draw < 4 ? "</ul>\n" : "</ol>\n").ToString();
            }
            else if (draw < 11)
            {
                block = $"<blockquote><p>&laquo;{Sentence(random, 30)}&raquo;</p></blockquote>\n";
            }
            else if (draw < 15)
            {
                block = $"<h3>{Title(random, 5)}</h3>\n";
            }
            else
            {
                block = Paragraph(random);
            }

            blocks.Add(block);
            used += Encoding.UTF8.GetByteCount(block);
        }

        blocks.Add("</section>\n");
        return blocks;
    }

    private static string Paragraph(Random random)
    {
        var paragraph = new StringBuilder("<p>");
        var sentences = random.Next(3, 8);
        for (var i = 0; i < sentences; i++)
        {
            if (i > 0)
            {
                paragraph.Append(' ');
            }

            var sentence = Sentence(random, random.Next(8, 28));
            paragraph.Append(random.Next(10) switch
            {
                0 => $"<strong>{sentence}</strong>",
                1 => $"<a href=\"/documentos/{random.Next(10_000)}\">{sentence}</a>",
                2 => sentence.Replace(" de ", "&nbsp;de ", StringComparison.Ordinal),
                3 => $"<em>{sentence}</em><sup><a href=\"#nota-{random.Next(300)}\">{random.Next(1, 300)}</a></sup>",
                _ => sentence,
            });
        }

        return paragraph.Append("</p>\n").ToString();
    }

    private static string Sentence(Random random, int words)
    {
        var sentence = new StringBuilder();
        for (var i = 0; i < words; i++)
        {
            var word = Word(random);
            if (i == 0)
            {
                word = char.ToUpperInvariant(word[0]) + word[1..];
            }
            else
            {
                sentence.Append(i % 9 == 0 ? ", " : " ");
            }

            sentence.Append(word);
        }

        return sentence.Append('.').ToString();
    }

    private static string Title(Random random, int words) => Sentence(random, words).TrimEnd('.');

    private static string Word(Random random) => Words[random.Next(Words.Length)];
}
