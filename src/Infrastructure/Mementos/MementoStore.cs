using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Mementos;

/// <summary>A watched source as the Memento endpoints see it: its original URL and its web archive copy, if known.</summary>
internal sealed class MementoSourceRow
{
    public long Id { get; init; }
    public string Url { get; init; } = "";
    public string NormalizedUrl { get; init; } = "";
    public string? Title { get; init; }
    public string? ArchivedUrl { get; init; }
    public DateTimeOffset? ArchivedAt { get; init; }
}

/// <summary>One snapshot as a memento: when it was captured, and where it came from.</summary>
internal sealed class MementoCaptureRow
{
    public long Id { get; init; }
    public DateTimeOffset CapturedAt { get; init; }
    public CheckStatus CheckStatus { get; init; }
    public string Origin { get; init; } = "monitor";
    public string? ArchiveUrl { get; init; }
    public DateTimeOffset? ArchiveDatetime { get; init; }
}

/// <summary>Reads what the Memento TimeMap, TimeGate and mementos are made of.</summary>
internal sealed class MementoStore(IDbConnectionFactory connections)
{
    /// <summary>The watched source a URL names (any spelling that normalizes to the same source), or null.</summary>
    public async Task<MementoSourceRow?> FindSourceAsync(NormalizedUrl url, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<MementoSourceRow>(
            "SELECT id, url, normalized_url, title, archived_url, archived_at FROM citations WHERE url_key = @Key", new { url.Key }, cancellationToken);
    }

    /// <summary>The same by citation id.</summary>
    public async Task<MementoSourceRow?> GetSourceAsync(long citationId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<MementoSourceRow>(
            "SELECT id, url, normalized_url, title, archived_url, archived_at FROM citations WHERE id = @citationId", new { citationId },
            cancellationToken);
    }

    /// <summary>Every snapshot of a source, oldest first.</summary>
    public async Task<IReadOnlyList<MementoCaptureRow>> ListCapturesAsync(long citationId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.QueryAsync<MementoCaptureRow>(
            """
            SELECT id, captured_at, check_status, origin, archive_url, archive_datetime
            FROM snapshots WHERE citation_id = @citationId ORDER BY id
            """, new { citationId }, cancellationToken);
    }
}
