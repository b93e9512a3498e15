using System.Collections.Concurrent;
using CitationMonitor.TestSupport.Fixtures;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// What the sources of the bundled statement answer in the docs' examples, so each shows a different part of the
/// monitor: a page that is gone, a host that asks to be left alone for an hour, a permanent move, a page that is edited
/// after its first visit (and once more after its fourth: its second check, the look that confirms the change, and one
/// more check have seen the first edit), one that answers 304 to its validators, a redirect to https, two PDFs, a login wall and a
/// deep link sent to the home page. Also the page a reader serves from 127.0.0.1:8000 in the walk-through, edited
/// after its first visit as the walk-through does by hand. Any other path answers 404.
/// </summary>
internal sealed class StandInSources
{
    public const string EditedPath = "/sre/prensa/mexico-el-salvador-guatemala-y-honduras-presentan-declaracion-conjunta-sobre-la-gestion-integral-de-los-procesos-migratorios-en-la-region";

    private readonly ConcurrentDictionary<string, int> _visits = new(StringComparer.Ordinal);

    /// <summary>Host names the stand-in answers for, as the monitor asks for them.</summary>
    public static IReadOnlyList<string> Hosts { get; } =
    [
        "consulmex.sre.gob.mx", "igm.gob.gt", "www.cbp.gov", "www.gob.mx", "www.oas.org", "www.cndh.org.mx", "twitter.com", "www.refworld.org",
    ];

    public IResult Answer(HttpRequest request)
    {
        var host = request.Host.Host;
        var path = request.Path.Value ?? "/";
        var visit = _visits.AddOrUpdate($"{request.Host}{path}", 1, (_, n) => n + 1);
        return (host, path) switch
        {
            ("consulmex.sre.gob.mx", _) => Page.Html(404, "Página no encontrada", "<h1>Página no encontrada</h1><p>La página que busca no existe o fue retirada.</p>"),
            ("igm.gob.gt", _) => new Status(503, "3600", "<html><body><h1>Servicio no disponible</h1></body></html>"),
            ("www.cbp.gov", "/newsroom/speeches-and-statements/declaraci-n-del-comisionado-de-cbp-mark-morgan-sobre-la-potencial") =>
                Redirect(301, "/newsroom/speeches-and-statements/declaracion-del-comisionado-de-cbp-sobre-la-caravana"),
            ("www.cbp.gov", "/newsroom/speeches-and-statements/declaracion-del-comisionado-de-cbp-sobre-la-caravana") => Page.Html(
                200, "Declaración del comisionado de CBP sobre la caravana", Page.Article(
                    "Declaración del comisionado de CBP sobre la caravana",
                    "El comisionado de la Oficina de Aduanas y Protección Fronteriza se refirió a la caravana que se formaba en Honduras.",
                    "Recordó que quienes crucen sin autorización serán procesados conforme a la ley de los Estados Unidos.")),
            ("www.gob.mx", EditedPath) => Page.Html(200, "Declaración conjunta sobre la gestión integral de la migración", Page.Article(
                "México, El Salvador, Guatemala y Honduras presentan declaración conjunta",
                "Los cuatro gobiernos acordaron coordinar la atención de las personas migrantes en la región.",
                visit switch
                {
                    1 => "La declaración se firmó el 19 de enero en la Ciudad de México.",
                    <= 4 => "La declaración se firmó el 19 de enero en la Ciudad de México y se publicó al día siguiente.",
                    _ => "La declaración se firmó el 19 de enero en la Ciudad de México y se publicó tres días después.",
                })),
            ("www.gob.mx", "/sre/prensa/paises-miembros-de-la-crm-presentaron-la-declaracion-extraordinaria-sobre-la-gobernanza-efectiva-de-la-migracion-regional") =>
                new Conditional(request, "\"crm-2021-01-15\"", Page.Html(200, "Declaración extraordinaria de la CRM", Page.Article(
                    "Países miembros de la CRM presentaron la Declaración Extraordinaria",
                    "Los países miembros de la Conferencia Regional sobre Migración reafirmaron su compromiso con una migración ordenada.",
                    "La declaración pide fortalecer la cooperación entre los países de origen, tránsito y destino."))),
            ("www.gob.mx", "/cms/uploads/attachment/file/604569/CIERRE_DICIEMBRE-2020__1-Ene-2021_.pdf") => Pdf(
                ["Cierre de diciembre de 2020", "Personas migrantes atendidas por mes.", "Datos al 1 de enero de 2021."]),
            ("www.oas.org", "/es/cidh/prensa/comunicados/2020/027.asp") when request.Scheme == "http" =>
                Redirect(301, "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp"),
            ("www.oas.org", "/es/cidh/prensa/comunicados/2020/027.asp") => Page.Html(200, "CIDH - Comunicado de prensa 027/20", Page.Article(
                "CIDH expresa preocupación por la respuesta a la caravana de personas migrantes",
                "La Comisión Interamericana de Derechos Humanos observó episodios preocupantes de uso de la fuerza contra personas migrantes en la frontera.",
                "La CIDH llama a los Estados a garantizar el derecho a solicitar asilo.")),
            ("www.cndh.org.mx", "/sites/default/files/documentos/2020-10/COM_2020_343.pdf") => Pdf(
                ["Comunicado de prensa DGDDH/343/2020", "La CNDH da seguimiento a la caravana de personas migrantes."]),
            ("twitter.com", "/guatemalagob/status/1349698873988689926") => Redirect(302, "/i/flow/login?redirect_after_login=%2Fguatemalagob%2Fstatus%2F1349698873988689926"),
            ("twitter.com", "/i/flow/login") => Page.Html(200, "Iniciar sesión en X", "<h1>Iniciar sesión en X</h1><form><input name=\"user\"></form>"),
            ("www.refworld.org", "/cgi-bin/texis/vtx/rwmain/opendocpdf.pdf") => Redirect(302, "/"),
            ("www.refworld.org", "/") => Page.Html(200, "Refworld", Page.Article("Refworld", "Welcome to Refworld, the leading source of information on refugee status determination.")),
            ("127.0.0.1", "/statement.html") => Page.Html(200, "Statement", visit == 1
                ? "<main><p>The ministry closed the border on Friday.</p></main>"
                : "<main><p>The ministry reopened the border on Friday.</p></main>"),
            _ => Page.Html(404, "Not Found", "<h1>Not Found</h1><p>The requested URL was not found on this server.</p>"),
        };
    }

    private static IResult Redirect(int status, string location) => new Status(status, null, "", location);

    // Standard 14 fonts: plain ASCII text only.
    private static IResult Pdf(IReadOnlyList<string> lines) =>
        Results.Bytes(FixturePdfs.Build([lines], FixturePdfs.Created, FixturePdfs.Modified, "Report Writer 1.0", 0), "application/pdf");

    /// <summary>An answer with a status, an optional Retry-After and Location, and an HTML body.</summary>
    private sealed class Status(int status, string? retryAfter, string html, string? location = null) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            if (location is not null)
            {
                context.Response.Headers.Location = location;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            return context.Response.WriteAsync(html);
        }
    }

    /// <summary>A page with an ETag that answers 304 to a request that sends it back.</summary>
    private sealed class Conditional(HttpRequest request, string etag, IResult page) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.ETag = etag;
            if (request.Headers.IfNoneMatch.ToString() == etag)
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            return page.ExecuteAsync(context);
        }
    }

    /// <summary>Government-style pages: a header and menu, the article, a footer.</summary>
    private static class Page
    {
        public static IResult Html(int status, string title, string body) => Results.Content(
            $"""
            <!doctype html><html lang="es"><head><meta charset="utf-8"><title>{title}</title></head>
            <body><header><a href="/">Inicio</a> <nav><a href="/prensa">Prensa</a> <a href="/contacto">Contacto</a></nav></header>
            {body}
            <footer>Todos los derechos reservados.</footer></body></html>
            """,
            "text/html; charset=utf-8",
            statusCode: status);

        public static string Article(string heading, params string[] paragraphs) =>
            $"<main><article><h1>{heading}</h1>{string.Concat(paragraphs.Select(p => $"<p>{p}</p>"))}</article></main>";
    }
}
