namespace CitationMonitor.Infrastructure.Changes;

internal sealed class ChangeRow
{
    public long Id { get; init; }
    public long CitationId { get; init; }
    public string DetectedAt { get; init; } = "";
    public long FromSnapshotId { get; init; }
    public long ToSnapshotId { get; init; }
    public double Similarity { get; init; }
    public int InsertedWords { get; init; }
    public int DeletedWords { get; init; }
    public string Diff { get; init; } = "[]";
    public string? Url { get; init; }
}

/// <summary>Filters of <c>GET /api/changes</c>.</summary>
internal sealed record ChangeFilter(DateTimeOffset? Since = null, DateTimeOffset? Until = null, long? DocumentId = null, long? CitationId = null);
