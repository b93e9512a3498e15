using CitationMonitor.Api.Pages.Documents;
using CitationMonitor.Api.Pages.Home;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Vocabulary;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Summary;
using Microsoft.AspNetCore.Localization;

namespace CitationMonitor.Api.Pages;

/// <summary>
/// The pages for people, from the API host: home, documents, sources, changes and the add page, rendered on the server
/// (readable without JavaScript), in English or Spanish, under their own Content-Security-Policy. Left out of the
/// OpenAPI document, which describes the JSON API.
/// </summary>
internal static class PagesApi
{
    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").ExcludeFromDescription();
        pages.MapGet("/", Home);
        pages.MapGet("/language", Language);
        pages.MapKeyPages();
        pages.MapDocumentPages();
        pages.MapSourcePages().MapChangesPages();
        pages.MapAddPages();
        return app;
    }

    private static async Task<IResult> Home(
        HttpContext http, string? q, string? health, SummaryStore summaries, CitationStore citations, ChangeStore changes, DocumentStore documents,
        TimeProvider time, CancellationToken cancellationToken)
    {
        CitationHealth? byHealth = health is not null && WireName.All<CitationHealth>().Contains(health) ? WireName.Parse<CitationHealth>(health) : null;
        var model = await HomeModel.LoadAsync(q, byHealth, summaries, citations, changes, documents, time, cancellationToken);
        return Pages.Render<HomePage>(http, new Dictionary<string, object?> { ["Frame"] = await Pages.FrameAsync(http), ["Model"] = model });
    }

    /// <summary>The language switch: remembers the choice in a cookie (a year) and goes back to the page it was made on.</summary>
    private static IResult Language(HttpContext http, string? culture, string? returnUrl, TimeProvider time)
    {
        if (culture is not null && PagesSetup.Cultures.Contains(culture))
        {
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = time.GetUtcNow().AddYears(1), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true });
        }

        return Results.LocalRedirect(Pages.LocalOrHome(returnUrl));
    }
}
