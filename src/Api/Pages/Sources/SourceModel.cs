using CitationMonitor.Api.Changes;
using CitationMonitor.Api.Citations;
using CitationMonitor.Api.Mementos;
using CitationMonitor.Api.Snapshots;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Api.Pages.Sources;

/// <summary>The newest items of a list the page shows, and how many there are in all (the rest are in the JSON API).</summary>
public sealed record Newest<T>(IReadOnlyList<T> Items, int Total)
{
    public bool More => Total > Items.Count;

    internal static Newest<T> Of<TRow>(Paged<TRow> page, Func<TRow, T> map) => new([.. page.Items.Select(map)], page.Total);
}

/// <summary>
/// A source's page: the source as the API answers it, why the monitor says what it says, its checks over the chosen
/// period, its health history, changes, snapshots and volatile lines (the newest of each), and the Robust Link to cite it.
/// </summary>
public sealed record SourceModel(
    CitationResponse Source,
    string Verdict,
    Timeline Timeline,
    bool DaysRefused,
    Newest<HealthTransitionResponse> Transitions,
    Newest<ChangeResponse> Changes,
    Newest<SnapshotResponse> Snapshots,
    Newest<VolatileLineResponse> VolatileLines,
    RobustLinkResponse? RobustLink)
{
    /// <summary>Items listed per section at most; the JSON API pages through the rest.</summary>
    public const int Listed = 20;

    internal static async Task<SourceModel?> LoadAsync(
        long id, string? days, CitationStore citations, CheckStore checks, HealthTransitionStore transitions, ChangeStore changes,
        SnapshotStore snapshots, VolatileLineStore volatileLines, HealthOptions health, Func<Task<RobustLinkResponse?>> robustLink,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (await citations.GetAsync(id, cancellationToken) is not { } citation)
        {
            return null;
        }

        var source = citation.ToResponse();
        var period = Timeline.ParseDays(days);
        var now = time.GetUtcNow();
        var chosen = period ?? Timeline.DefaultDays;
        var first = new PageRequest(1, Listed);
        var marks = await checks.MarksAsync(id, now.AddDays(-chosen), cancellationToken);
        return new SourceModel(
            source,
            Verdicts.Explain(source.ToVerdictInput(citation.Citation.FirstFailureAt), health.ToPolicy(), System.Globalization.CultureInfo.CurrentUICulture),
            Timeline.Build(marks, chosen, now, source.CreatedAt),
            period is null,
            Newest<HealthTransitionResponse>.Of(await transitions.ListForCitationAsync(id, first, cancellationToken), t => t.ToResponse()),
            Newest<ChangeResponse>.Of(await changes.ListAsync(new ChangeFilter(CitationId: id), first, cancellationToken), c => c.ToResponse()),
            Newest<SnapshotResponse>.Of(await snapshots.ListForCitationAsync(id, first, cancellationToken), s => s.ToResponse()),
            Newest<VolatileLineResponse>.Of(await volatileLines.ListAsync(id, first, cancellationToken), v => v.ToResponse()),
            await robustLink());
    }
}
