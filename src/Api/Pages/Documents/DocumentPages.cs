using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Pages.Documents;

/// <summary>The documents list, each with its sources' health, and a document's page, which is its report.</summary>
internal static class DocumentPages
{
    public static void MapDocumentPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/documents", List);
        pages.MapGet("/documents/{id:long}", Show);
    }

    private static async Task<IResult> List(
        HttpContext http, string? page, string? q, string? retired, DocumentStore documents, CitationStore citations, CancellationToken cancellationToken)
    {
        var model = await DocumentsModel.LoadAsync(
            int.TryParse(page, out var number) ? number : 1, q, retired is "true", documents, citations, cancellationToken);
        return Pages.Render<DocumentsPage>(http, new Dictionary<string, object?> { ["Frame"] = await Pages.FrameAsync(http), ["Model"] = model });
    }

    private static async Task<IResult> Show(
        HttpContext http, long id, string? sort, string? health, string? q, string? attention, string? page, DocumentStore documents,
        CitationStore citations, HealthTransitionStore transitions, ChangeStore changes, IOptions<HealthOptions> healthOptions, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var view = DocumentView.Parse(sort, health, q, attention, page);
        if (await DocumentPageModel.LoadAsync(id, view, documents, citations, transitions, changes, healthOptions.Value, time, cancellationToken) is not { } model)
        {
            return await Pages.NotFoundAsync(http, "Document not found", "No document has this number. The documents watched are listed on the Documents page.");
        }

        return Pages.Render<DocumentPage>(http, new Dictionary<string, object?> { ["Frame"] = await Pages.FrameAsync(http), ["Model"] = model });
    }
}
