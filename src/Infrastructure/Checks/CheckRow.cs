using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Fetching;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>A check as stored (a record, so the recorder can give back the row it wrote with its new id).</summary>
internal sealed record CheckRow
{
    public long Id { get; init; }
    public long CitationId { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public long DurationMs { get; init; }
    public CheckStatus Status { get; init; }
    public int? HttpStatus { get; init; }
    public string? FinalUrl { get; init; }
    public IReadOnlyList<RedirectHop> Redirects { get; init; } = [];
    public int Attempts { get; init; }
    public string? Error { get; init; }
    public string? Reason { get; init; }
    public string? ContentType { get; init; }
    public long? SnapshotId { get; init; }
    public bool ContentChanged { get; init; }
    public QuoteStatus? QuoteStatus { get; init; }
    public double? QuoteSimilarity { get; init; }
    public string? QuoteMatch { get; init; }
    public bool NotModified { get; init; }
    public string? MovedTo { get; init; }
}
