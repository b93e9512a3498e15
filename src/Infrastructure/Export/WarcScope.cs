namespace CitationMonitor.Infrastructure.Export;

/// <summary>Which captures a WARC export holds: one citation's, one document's sources', or all, within a time range.</summary>
public sealed record WarcScope
{
    public long? CitationId { get; init; }

    public long? DocumentId { get; init; }

    /// <summary>Captures taken at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Captures taken before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>What the export holds, in words, for its <c>warcinfo</c> record.</summary>
    public required string Description { get; init; }
}
