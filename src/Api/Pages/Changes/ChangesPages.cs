using CitationMonitor.Api.Changes;
using CitationMonitor.Api.Pages.Changes;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Documents;

namespace CitationMonitor.Api.Pages;

/// <summary>Every change across sources, <c>/changes</c>, with the filters of <c>GET /api/changes</c> and <c>?page=</c>.</summary>
internal static class ChangesPages
{
    public static RouteGroupBuilder MapChangesPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/changes", List);
        return pages;
    }

    private static async Task<IResult> List(
        HttpContext http, [AsParameters] ChangeQuery query, string? page, ChangeStore changes, DocumentStore documents,
        CancellationToken cancellationToken)
    {
        var model = await ChangesModel.LoadAsync(query, page, changes, documents, cancellationToken);
        return Pages.Render<ChangesPage>(http, new Dictionary<string, object?> { ["Frame"] = await Pages.FrameAsync(http), ["Model"] = model });
    }
}
