using CitationMonitor.Api.Http;
using CitationMonitor.Api.Mementos;
using CitationMonitor.Api.Pages.Sources;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Mementos;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Pages;

/// <summary>A source's page, <c>/citations/{id}</c> (<c>?days=30|90|365</c> for the period of its timeline).</summary>
internal static class SourcePages
{
    public static RouteGroupBuilder MapSourcePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/citations/{id}", Source);
        return pages;
    }

    private static async Task<IResult> Source(
        HttpContext http, long id, string? days, CitationStore citations, CheckStore checks, HealthTransitionStore transitions,
        ChangeStore changes, SnapshotStore snapshots, VolatileLineStore volatileLines, MementoStore mementos, PlaceStore places,
        DocumentStore documents, IOptions<HealthOptions> health, IOptions<MonitorOptions> monitor, IOptions<ArchiveOptions> archive,
        SelfLinks self, TimeProvider time, CancellationToken cancellationToken)
    {
        // The same link GET /api/citations/{id}/robustlink answers, for the source as a whole (no document, date or text named).
        async Task<RobustLinkResponse?> RobustLink() =>
            (await RobustLinks.GetRobustLink(
                id, null, null, null, null, mementos, places, documents, snapshots, monitor, archive, self, cancellationToken)).Result
            is Ok<RobustLinkResponse> { Value: { } link } ? link : null;

        var model = await SourceModel.LoadAsync(
            id, days, citations, checks, transitions, changes, snapshots, volatileLines, health.Value, RobustLink, time, cancellationToken);
        return model is null
            ? await Pages.SourceNotFoundAsync(http)
            : Pages.Render<SourcePage>(http, new Dictionary<string, object?> { ["Frame"] = await Pages.FrameAsync(http), ["Model"] = model });
    }
}
