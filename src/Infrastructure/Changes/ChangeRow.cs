using CitationMonitor.Domain.Changes;

namespace CitationMonitor.Infrastructure.Changes;

internal sealed class ChangeRow
{
    public long Id { get; init; }
    public long CitationId { get; init; }
    public string DetectedAt { get; init; } = "";
    public long FromSnapshotId { get; init; }
    public long ToSnapshotId { get; init; }
    public string Kind { get; init; } = "content";
    public double Similarity { get; init; }
    public int InsertedWords { get; init; }
    public int DeletedWords { get; init; }
    public string Diff { get; init; } = "[]";
    public string? Url { get; init; }
}

/// <summary>Filters of <c>GET /api/changes</c>; <see cref="MinWords"/> bounds inserted plus deleted words from below.</summary>
internal sealed record ChangeFilter(
    DateTimeOffset? Since = null, DateTimeOffset? Until = null, long? DocumentId = null, long? CitationId = null,
    ChangeKind? Kind = null, int? MinWords = null);
