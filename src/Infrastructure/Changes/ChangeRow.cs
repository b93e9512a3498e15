using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Text;

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
    public string? Url { get; init; }
}

/// <summary>What a notification tells of a change.</summary>
internal sealed class ChangeFacts
{
    public long Id { get; init; }
    public ChangeKind Kind { get; init; }
    public int InsertedWords { get; init; }
    public int DeletedWords { get; init; }
    public double Similarity { get; init; }
}

/// <summary>Filters of <c>GET /api/changes</c>; <see cref="MinWords"/> bounds inserted plus deleted words from below.</summary>
internal sealed record ChangeFilter(
    DateTimeOffset? Since = null, DateTimeOffset? Until = null, long? DocumentId = null, long? CitationId = null,
    ChangeKind? Kind = null, int? MinWords = null);
