using System.Globalization;
using System.Net;
using CitationMonitor.Api.Http;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Mementos;
using CitationMonitor.Infrastructure.Mementos;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitationMonitor.Api.Mementos;

/// <summary>
/// A link to paste into a re-published document, following the Robust Links convention: the original URL, and a memento
/// of it with its date, so a reader whose link has rotted can still reach what was cited.
/// </summary>
/// <param name="CitationId">The citation.</param>
/// <param name="Href">Where the anchor points: the original URL.</param>
/// <param name="OriginalUrl">The URL as cited (<c>data-originalurl</c>).</param>
/// <param name="VersionUrl">The memento (<c>data-versionurl</c>); null while there is none.</param>
/// <param name="VersionDate">The memento's date, <c>yyyy-MM-dd</c> (<c>data-versiondate</c>); null with it.</param>
/// <param name="VersionSource"><c>web-archive</c> (a public web archive's capture) or <c>monitor</c> (this monitor's), or null.</param>
/// <param name="Html">The anchor, ready to paste.</param>
public sealed record RobustLinkResponse(
    long CitationId, string Href, string OriginalUrl, string? VersionUrl, string? VersionDate, string? VersionSource, string Html);

internal static class RobustLinks
{
    private const int MaxTextLength = 500;

    public static IEndpointRouteBuilder MapRobustLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/citations/{id}/robustlink", GetRobustLink).WithTags("Citations").WithName("GetCitationRobustLink")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("An HTML anchor with data-originalurl, data-versionurl and data-versiondate (Robust Links) pointing at the best memento of the source.");
        return app;
    }

    private static async Task<Results<Ok<RobustLinkResponse>, ProblemHttpResult, ValidationProblem>> GetRobustLink(
        long id, string? text, HttpContext http, MementoStore store, CancellationToken cancellationToken)
    {
        if (text is { Length: > MaxTextLength })
        {
            return Problems.Invalid("text", $"must be at most {MaxTextLength} characters.");
        }

        if (await store.GetSourceAsync(id, cancellationToken) is not { } source)
        {
            return Problems.NotFound("citation", id);
        }

        var links = new MementoLinks(MementoApi.BaseUrl(http), source.NormalizedUrl);
        var captures = await store.ListCapturesAsync(id, cancellationToken);
        var best = Best(MementoMapping.ToMementos(links, source, captures), captures);
        var anchorText = string.IsNullOrWhiteSpace(text) ? source.Title ?? source.Url : text.Trim();
        return TypedResults.Ok(Build(source.Id, source.Url, best, anchorText));
    }

    /// <summary>
    /// The memento a reader is best sent to: a public web archive's capture when one is known (it outlives this monitor,
    /// and the one kept is the capture closest to when the source was first cited), else the newest capture this
    /// monitor took of a working page (check <c>ok</c>), else none.
    /// </summary>
    internal static Memento? Best(MementoList mementos, IReadOnlyList<MementoCaptureRow> captures)
    {
        if (mementos.Items.LastOrDefault(m => m.SnapshotId is null) is { } archived)
        {
            return archived;
        }

        var ok = captures.Where(c => c.CheckStatus == CheckStatus.Ok).Select(c => c.Id).ToHashSet();
        return mementos.Items.LastOrDefault(m => m.SnapshotId is { } snapshot && ok.Contains(snapshot));
    }

    internal static RobustLinkResponse Build(long citationId, string originalUrl, Memento? memento, string anchorText)
    {
        var versionDate = memento?.Datetime.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var html = memento is null
            ? $"<a href=\"{Attribute(originalUrl)}\" data-originalurl=\"{Attribute(originalUrl)}\">{WebUtility.HtmlEncode(anchorText)}</a>"
            : $"<a href=\"{Attribute(originalUrl)}\" data-originalurl=\"{Attribute(originalUrl)}\" data-versionurl=\"{Attribute(memento.Uri)}\" "
              + $"data-versiondate=\"{versionDate}\">{WebUtility.HtmlEncode(anchorText)}</a>";
        return new RobustLinkResponse(
            citationId, originalUrl, originalUrl, memento?.Uri, versionDate,
            memento is null ? null : memento.SnapshotId is null ? "web-archive" : "monitor", html);
    }

    private static string Attribute(string value) => WebUtility.HtmlEncode(value);
}
