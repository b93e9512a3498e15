using System.Text.Json;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Citations;

namespace CitationMonitor.Api.Citations;

/// <summary>
/// A document citing the source (one entry per document, its occurrences taken together): where it first cites it, how
/// often, the passage it quotes next to the URL (null when none) and whether the source still holds it, and when the
/// document says it accessed the source.
/// </summary>
public sealed record CitationDocumentResponse(long Id, string Title, string Context, string CitedUrl, int? Line, string? Quote)
{
    public int Occurrences { get; init; }
    public QuoteStatus? QuoteStatus { get; init; }
    public double? QuoteSimilarity { get; init; }
    public DateTimeOffset? AccessedAt { get; init; }
}

/// <summary>A watched source. Open for <see cref="Documents.DocumentCitationResponse"/>, which adds the citing context.</summary>
public record CitationResponse
{
    public required long Id { get; init; }
    public required string Url { get; init; }
    public required string NormalizedUrl { get; init; }
    public required string Host { get; init; }
    public required CitationHealth Health { get; init; }
    public CheckStatus? LastStatus { get; init; }
    public int? LastHttpStatus { get; init; }
    public string? LastReason { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    public DateTimeOffset NextCheckAt { get; init; }
    public DateTimeOffset? LastOkAt { get; init; }
    public DateTimeOffset? LastChangedAt { get; init; }
    public string? FinalUrl { get; init; }

    /// <summary>Where the URL has moved permanently (301, 308), as of the last check that got an answer; null when it has not.</summary>
    public string? MovedTo { get; init; }
    public string? Title { get; init; }
    public int ConsecutiveFailures { get; init; }
    public int CheckCount { get; init; }
    public int ChangeCount { get; init; }
    public int SnapshotCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyList<CitationDocumentResponse> Documents { get; init; } = [];

    /// <summary>How many documents cite the source.</summary>
    public int DocumentCount { get; init; }

    /// <summary>The earliest date a document citing the source says it accessed it.</summary>
    public DateTimeOffset? AccessedAt { get; init; }

    /// <summary>
    /// The passage that speaks for the source, and whether the last check still found it: of the passages its documents
    /// quote, the one in the worst state (missing, altered, found); <c>none</c> when no document quotes one.
    /// </summary>
    public string? Quote { get; init; }
    public QuoteStatus? QuoteStatus { get; init; }
    public double? QuoteSimilarity { get; init; }
    public string? QuoteMatch { get; init; }

    /// <summary>A web archive's copy of the source closest to when the monitor first saw it, and when the archive made it.</summary>
    public string? ArchivedUrl { get; init; }
    public DateTimeOffset? ArchivedAt { get; init; }

    /// <summary>The scheduler leaves a paused source alone until it is resumed (<c>PATCH</c> with <c>paused: false</c>).</summary>
    public bool Paused { get; init; }

    /// <summary>A retired source is checked no more and left out of lists unless asked for; everything it gathered is kept.</summary>
    public bool Retired { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>Its labels, lower-case and sorted.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Its own check interval as <c>d.hh:mm:ss</c> (e.g. <c>7.00:00:00</c>); null: the configured one.</summary>
    public string? CheckInterval { get; init; }

    /// <summary>
    /// True in the answer to <c>POST /api/citations</c> that brought a retired source back; left out of every other answer.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? Restored { get; init; }
}

internal static class CitationMapping
{
    /// <summary>What the verdict sentence is told of a source, as an answer shows it (<paramref name="firstFailureAt"/> is not in answers).</summary>
    public static Domain.Citations.VerdictInput ToVerdictInput(this CitationResponse source, DateTimeOffset? firstFailureAt) => new()
    {
        Health = source.Health,
        LastStatus = source.LastStatus,
        LastHttpStatus = source.LastHttpStatus,
        LastReason = source.LastReason,
        ConsecutiveFailures = source.ConsecutiveFailures,
        FirstFailureAt = firstFailureAt,
        LastOkAt = source.LastOkAt,
        NormalizedUrl = source.NormalizedUrl,
        FinalUrl = source.FinalUrl,
        ChangeCount = source.ChangeCount,
        LastChangedAt = source.LastChangedAt,
        QuoteStatus = source.QuoteStatus,
        QuoteSimilarity = source.QuoteSimilarity,
    };

    public static CitationResponse ToResponse(this CitationWithPlaces citation) => Fill(new CitationResponse
    {
        Id = citation.Citation.Id,
        Url = citation.Citation.Url,
        NormalizedUrl = citation.Citation.NormalizedUrl,
        Host = citation.Citation.Host,
        Health = citation.Citation.Health,
    }, citation);

    /// <summary>Copies every stored field onto a response (or a subtype of it).</summary>
    public static T Fill<T>(T response, CitationWithPlaces citation) where T : CitationResponse
    {
        var row = citation.Citation;
        return response with
        {
            LastStatus = row.LastStatus,
            LastHttpStatus = row.LastHttpStatus,
            LastReason = row.LastReason,
            LastCheckedAt = row.LastCheckedAt,
            NextCheckAt = row.NextCheckAt,
            LastOkAt = row.LastOkAt,
            LastChangedAt = row.LastChangedAt,
            FinalUrl = row.FinalUrl,
            MovedTo = row.MovedTo,
            Title = row.Title,
            ConsecutiveFailures = row.ConsecutiveFailures,
            CheckCount = row.CheckCount,
            ChangeCount = row.ChangeCount,
            SnapshotCount = row.SnapshotCount,
            CreatedAt = row.CreatedAt,
            Documents = [.. citation.DocumentPlaces.Select(ToDocument)],
            DocumentCount = citation.Summary.DocumentCount,
            // The source's passage is the one whose status speaks for all its places (the worst), each place's in documents.
            Quote = citation.QuotePlace?.Quote,
            QuoteStatus = citation.QuoteStatus,
            QuoteSimilarity = citation.QuotePlace?.QuoteSimilarity,
            QuoteMatch = citation.QuotePlace?.QuoteMatch,
            AccessedAt = citation.AccessedAt,
            ArchivedUrl = row.ArchivedUrl,
            ArchivedAt = row.ArchivedAt,
            Paused = row.Paused,
            Retired = row.Retired,
            RetiredAt = row.RetiredAt,
            Labels = row.Labels,
            CheckInterval = CitationPatch.Spell(row.CheckInterval),
        };
    }

    /// <summary>A place's passage status as every answer spells it: <c>none</c> when it quotes nothing.</summary>
    public static QuoteStatus? QuoteStatusOf(PlaceRow place) => place.Quote is null ? Domain.Quotes.QuoteStatus.None : place.QuoteStatus;

    public static CitationDocumentResponse ToDocument(PlaceRow place) =>
        new(place.DocumentId!.Value, place.DocumentTitle ?? "", place.Contexts.FirstOrDefault() ?? "", place.CitedUrl ?? "", place.Line, place.Quote)
        {
            Occurrences = place.Occurrences,
            QuoteStatus = QuoteStatusOf(place),
            QuoteSimilarity = place.QuoteSimilarity,
            AccessedAt = place.AccessedAt,
        };
}

/// <summary>
/// An edit of a citation, from its audit: when, by which key (its name: <c>Monitor:ApiKeys:0</c>, or <c>local</c>), which
/// field, and its values before and after as JSON values; <c>documentId</c> names the document whose place (passage,
/// access date) was edited or whose retirement retired the citation, null otherwise.
/// </summary>
public sealed record CitationAuditResponse(
    long Id, long CitationId, DateTimeOffset At, string KeyName, string Field, long? DocumentId, JsonElement Before, JsonElement After);

internal static class CitationAuditMapping
{
    public static CitationAuditResponse ToResponse(this AuditRow row) =>
        new(row.Id, row.CitationId, row.At, row.KeyName, row.Field, row.DocumentId, Parse(row.Before), Parse(row.After));

    private static JsonElement Parse(string? json)
    {
        using var document = JsonDocument.Parse(json ?? "null");
        return document.RootElement.Clone();
    }
}
