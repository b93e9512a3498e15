using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Citations;

namespace CitationMonitor.Infrastructure.Changes;

internal sealed class ChangeRow
{
    public long Id { get; init; }
    public long CitationId { get; init; }
    public DateTimeOffset DetectedAt { get; init; }
    public long FromSnapshotId { get; init; }
    public long ToSnapshotId { get; init; }
    public ChangeKind Kind { get; init; }
    public double Similarity { get; init; }
    public int InsertedWords { get; init; }
    public int DeletedWords { get; init; }

    public IReadOnlyList<DiffSegment> Diff { get; init; } = [];

    /// <summary>For a change of kind quote: the document whose passage it is about (null for a source watched on its own).</summary>
    public long? DocumentId { get; init; }

    /// <summary>For a change of kind quote: the status of the passage before and after it.</summary>
    public QuoteStatus? FromQuoteStatus { get; init; }
    public QuoteStatus? ToQuoteStatus { get; init; }
    public string? Url { get; init; }
}

/// <summary>A place's passage that moved between found, altered and missing, as a change of kind quote records it.</summary>
internal sealed record QuoteMove(PlaceRow Place, QuoteStatus? From, QuoteStatus To);

/// <summary>What a notification tells of a change.</summary>
internal sealed class ChangeFacts
{
    public long Id { get; init; }
    public ChangeKind Kind { get; init; }
    public int InsertedWords { get; init; }
    public int DeletedWords { get; init; }
    public double Similarity { get; init; }
    public long? DocumentId { get; init; }
    public QuoteStatus? FromQuoteStatus { get; init; }
    public QuoteStatus? ToQuoteStatus { get; init; }
}

/// <summary>Filters of <c>GET /api/changes</c>; <see cref="MinWords"/> bounds inserted plus deleted words from below.</summary>
internal sealed record ChangeFilter(
    DateTimeOffset? Since = null, DateTimeOffset? Until = null, long? DocumentId = null, long? CitationId = null,
    ChangeKind? Kind = null, int? MinWords = null);
