using System.Globalization;
using System.Net;
using CitationMonitor.Api.Http;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Mementos;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Mementos;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Mementos;

/// <summary>
/// A link to paste into a re-published document, following the Robust Links convention: the original URL, and a memento
/// of it with its date, so a reader whose link has rotted can still reach what was cited.
/// </summary>
/// <param name="CitationId">The citation.</param>
/// <param name="Href">Where the anchor points: the URL as cited, cleaned (tracking parameters and fragment removed).</param>
/// <param name="OriginalUrl">The same URL (<c>data-originalurl</c>).</param>
/// <param name="VersionUrl">Where a reader finds the version (<c>data-versionurl</c>); null while there is none.</param>
/// <param name="VersionDate">The version's date, <c>yyyy-MM-dd</c> (<c>data-versiondate</c>); null with it.</param>
/// <param name="VersionSource"><c>web-archive</c> (a public web archive's capture) or <c>monitor</c> (this monitor's), or null.</param>
/// <param name="Html">The anchor, ready to paste.</param>
public sealed record RobustLinkResponse(
    long CitationId, string Href, string OriginalUrl, string? VersionUrl, string? VersionDate, string? VersionSource, string Html)
{
    /// <summary>The document whose place the link is for; null when none was named.</summary>
    public long? DocumentId { get; init; }

    /// <summary>Why this version: snapshot, at, passage, closest, web-archive or newest.</summary>
    public VersionChoice? VersionChosenBy { get; init; }

    /// <summary>The snapshot behind a version this monitor captured.</summary>
    public long? SnapshotId { get; init; }

    /// <summary>When the version was captured, to the second.</summary>
    public DateTimeOffset? VersionDatetime { get; init; }

    /// <summary>The capture on this monitor (its memento URL), for the monitor's own users; null for a web archive's capture.</summary>
    public string? MementoUrl { get; init; }

    /// <summary>Why the link may not work for readers elsewhere (its version is only at a loopback or private address); null when it should.</summary>
    public string? Warning { get; init; }
}

internal static class RobustLinks
{
    private const int MaxTextLength = 500;

    public static IEndpointRouteBuilder MapRobustLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/citations/{id}/robustlink", GetRobustLink).WithTags("Citations").WithName("GetCitationRobustLink")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("An HTML anchor with data-originalurl, data-versionurl and data-versiondate (Robust Links) pointing at the version of the source that was cited: for documentId's place, the capture that held its passage closest to its access date; or the capture given by snapshotId or closest to at.");
        return app;
    }

    internal static async Task<Results<Ok<RobustLinkResponse>, ProblemHttpResult, ValidationProblem>> GetRobustLink(
        long id, string? documentId, string? at, string? snapshotId, string? text, MementoStore store,
        PlaceStore places, DocumentStore documents, SnapshotStore snapshots, IOptions<MonitorOptions> monitor,
        IOptions<ArchiveOptions> archive, SelfLinks self, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var document = errors.Id("documentId", documentId);
        var wanted = errors.Id("snapshotId", snapshotId);
        var date = errors.Time("at", at);
        if (text is { Length: > MaxTextLength })
        {
            errors.Add("text", $"must be at most {MaxTextLength} characters.");
        }

        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        if (await store.GetSourceAsync(id, cancellationToken) is not { } source)
        {
            return Problems.NotFound("citation", id);
        }

        var citationPlaces = await places.OfCitationAsync(id, document, cancellationToken);
        var place = document is { } documentKey ? citationPlaces.FirstOrDefault(p => p.DocumentId == documentKey)
            : citationPlaces.Count == 1 ? citationPlaces[0]
            : null;
        if (document is not null && place is null)
        {
            return TypedResults.Problem(
                detail: $"Document {document} does not cite citation {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not Found");
        }

        var links = new MementoLinks(self.Base, source.NormalizedUrl);
        var captures = await store.ListCapturesAsync(id, cancellationToken);
        if (wanted is { } snapshot && captures.All(c => c.Id != snapshot))
        {
            return Problems.Invalid("snapshotId", $"snapshot {snapshot} is not a capture of citation {id}.");
        }

        var candidates = await CandidatesAsync(links, captures, place, places, snapshots, cancellationToken);
        var archivedCopy = source is { ArchivedUrl: { } archivedUrl, ArchivedAt: { } archivedAt } ? new Memento(MementoDatetime.ToSecond(archivedAt), archivedUrl, null) : null;
        var citedAt = place?.AccessedAt
            ?? (place?.DocumentId is { } placeDocument ? (await documents.GetAsync(placeDocument, cancellationToken))?.PublishedAt : null)
            ?? (place is null ? citationPlaces.Min(p => p.AccessedAt) : null);
        var chosen = CitedVersion.Choose(candidates, archivedCopy, new VersionRequest(wanted, date, citedAt));
        var anchorText = string.IsNullOrWhiteSpace(text) ? source.Title ?? source.Url : text.Trim();
        return TypedResults.Ok(Build(source.Id, source.NormalizedUrl, chosen, anchorText, links, monitor.Value, archive.Value) with { DocumentId = place?.DocumentId });
    }

    /// <summary>
    /// Every capture of the source, with whether it is of the working page and whether the place's passage was found in
    /// it: by the checks that looked (for the monitor's captures), or looked for now (for a web archive's capture, which
    /// no check reads).
    /// </summary>
    private static async Task<List<VersionCandidate>> CandidatesAsync(
        MementoLinks links, IReadOnlyList<MementoCaptureRow> captures, PlaceRow? place, PlaceStore places, SnapshotStore snapshots,
        CancellationToken cancellationToken)
    {
        var found = place is { Quote: not null } ? await places.FoundInAsync(place.Id, cancellationToken) : new HashSet<long>();
        var candidates = new List<VersionCandidate>(captures.Count);
        foreach (var capture in captures)
        {
            if (capture.Origin == "web-archive")
            {
                if (capture is { ArchiveUrl: { } archiveUrl, ArchiveDatetime: { } archivedAt })
                {
                    var holds = place?.Quote is { } quote && await snapshots.GetTextAsync(capture.Id, cancellationToken) is { } archivedText
                        && QuoteMatcher.Find(quote, archivedText).Status == QuoteStatus.Found;
                    candidates.Add(new VersionCandidate(new Memento(MementoDatetime.ToSecond(archivedAt), archiveUrl, capture.Id), true, holds));
                }

                continue;
            }

            var capturedAt = MementoDatetime.ToSecond(capture.CapturedAt);
            candidates.Add(new VersionCandidate(
                new Memento(capturedAt, links.Memento(capturedAt), capture.Id), capture.CheckStatus == CheckStatus.Ok, found.Contains(capture.Id)));
        }

        return candidates;
    }

    internal static RobustLinkResponse Build(
        long citationId, string originalUrl, (Memento Memento, VersionChoice By)? chosen, string anchorText, MementoLinks links,
        MonitorOptions monitor, ArchiveOptions archive)
    {
        var memento = chosen?.Memento;
        var ours = memento is { SnapshotId: not null } && memento.Uri.StartsWith(links.BaseUrl + "/memento/", StringComparison.Ordinal);
        var (versionUrl, warning) = memento is null ? (null, null) : ours ? Reachable(memento, originalUrl, monitor, archive) : (memento.Uri, null);
        var versionDate = memento?.Datetime.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var html = memento is null
            ? $"<a href=\"{Attribute(originalUrl)}\" data-originalurl=\"{Attribute(originalUrl)}\">{WebUtility.HtmlEncode(anchorText)}</a>"
            : $"<a href=\"{Attribute(originalUrl)}\" data-originalurl=\"{Attribute(originalUrl)}\" data-versionurl=\"{Attribute(versionUrl!)}\" "
              + $"data-versiondate=\"{versionDate}\">{WebUtility.HtmlEncode(anchorText)}</a>";
        return new RobustLinkResponse(
            citationId, originalUrl, originalUrl, versionUrl, versionDate, memento is null ? null : ours ? "monitor" : "web-archive", html)
        {
            VersionChosenBy = chosen?.By,
            SnapshotId = memento?.SnapshotId,
            VersionDatetime = memento?.Datetime,
            MementoUrl = ours ? memento!.Uri : null,
            Warning = warning,
        };
    }

    /// <summary>
    /// Where readers elsewhere reach a capture of this monitor: at the monitor's public address when one is configured;
    /// else at the web archive's address for its date (the archive's closest capture); else only at this monitor's own
    /// address, said in a warning when that address is loopback or private.
    /// </summary>
    private static (string Url, string? Warning) Reachable(Memento memento, string originalUrl, MonitorOptions monitor, ArchiveOptions archive)
    {
        if (!string.IsNullOrWhiteSpace(monitor.PublicBaseUrl))
        {
            return (memento.Uri, IsLocal(monitor.PublicBaseUrl)
                ? $"Monitor:PublicBaseUrl ({monitor.PublicBaseUrl}) is a loopback or private address: readers elsewhere cannot follow data-versionurl."
                : null);
        }

        if (archive.Enabled)
        {
            var archived = $"{archive.ReplayEndpoint}{MementoDatetime.ToDigits(memento.Datetime)}/{originalUrl}";
            return (archived, IsLocal(archived)
                ? $"Monitor:Archive:ReplayEndpoint ({archive.ReplayEndpoint}) is a loopback or private address: readers elsewhere cannot follow data-versionurl; set Monitor:PublicBaseUrl."
                : null);
        }

        return (memento.Uri, IsLocal(memento.Uri)
            ? "The version is only at this monitor's loopback or private address, which readers elsewhere cannot follow: set Monitor:PublicBaseUrl, or enable Monitor:Archive."
            : null);
    }

    /// <summary>Whether a URL's host is loopback, private or otherwise not public (an IP in those ranges, localhost, a single-label or .local name).</summary>
    internal static bool IsLocal(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return true;
        }

        var host = uri.IdnHost.TrimEnd('.');
        return IPAddress.TryParse(host.Trim('[', ']'), out var address)
            ? AddressRules.IsForbidden(address)
            : host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || !host.Contains('.', StringComparison.Ordinal)
              || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".local", StringComparison.OrdinalIgnoreCase)
              || host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".lan", StringComparison.OrdinalIgnoreCase);
    }

    private static string Attribute(string value) => WebUtility.HtmlEncode(value);
}
