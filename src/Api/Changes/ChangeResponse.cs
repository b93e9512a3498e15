using CitationMonitor.Domain.Changes;
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
    IReadOnlyList<DiffSegment> Diff);

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
        row.Diff);
}
