using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Changes;

namespace CitationMonitor.Api.Changes;

public sealed record ChangeResponse(
    long Id,
    long CitationId,
    string? Url,
    DateTimeOffset DetectedAt,
    ChangeKind Kind,
    long FromSnapshotId,
    long ToSnapshotId,
    double Similarity,
    int InsertedWords,
    int DeletedWords,
    IReadOnlyList<DiffSegment> Diff)
{
    /// <summary>For a change of kind <c>quote</c>: the document whose passage it is (null: the source watched on its own).</summary>
    public long? DocumentId { get; init; }

    /// <summary>For a change of kind <c>quote</c>: the passage's status before the change and after it.</summary>
    public QuoteStatus? FromQuoteStatus { get; init; }
    public QuoteStatus? ToQuoteStatus { get; init; }
}

internal static class ChangeMapping
{
    public static ChangeResponse ToResponse(this ChangeRow row) => new(
        row.Id,
        row.CitationId,
        row.Url,
        row.DetectedAt,
        row.Kind,
        row.FromSnapshotId,
        row.ToSnapshotId,
        Math.Round(row.Similarity, 4),
        row.InsertedWords,
        row.DeletedWords,
        row.Diff)
    {
        DocumentId = row.DocumentId,
        FromQuoteStatus = row.FromQuoteStatus,
        ToQuoteStatus = row.ToQuoteStatus,
    };
}
