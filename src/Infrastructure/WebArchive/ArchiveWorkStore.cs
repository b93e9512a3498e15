using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.WebArchive;

/// <summary>A citation with web-archive work due: <see cref="At"/> is the date whose closest capture is wanted.</summary>
internal sealed record ArchiveTask(long CitationId, string NormalizedUrl, string Host, DateTimeOffset At, int Attempts);

/// <summary>A baseline capture to store, with its body and text, and the change from it to the monitor's latest capture.</summary>
internal sealed record BaselineCapture(WebArchiveSnapshot Snapshot, Compressed? NewBody, string Text, Compressed? NewText)
{
    /// <summary>The monitor's latest confirmed capture to record a change to, when the baseline arrives after checks.</summary>
    public long? ChangeToSnapshotId { get; init; }

    public ChangeKind? ChangeKind { get; init; }

    public TextComparison? Comparison { get; init; }
}

/// <summary>
/// What is due for the web archives, and what came of it (table <c>archive_work</c>). Work is found from what is
/// stored, not queued by the check: a citation is due a link once it has a capture of its own and again after it turns
/// broken, a baseline while a document citing it has a publication date and it has no web-archive snapshot. A paused
/// or retired citation is due nothing: the web archives are not asked about it either.
/// </summary>
internal sealed class ArchiveWorkStore(IDbConnectionFactory connections)
{
    public const string Link = "link";
    public const string Baseline = "baseline";
    public const string Save = "save";

    /// <summary>Citations whose archived copy should be looked up, with their first-seen date.</summary>
    public async Task<IReadOnlyList<ArchiveTask>> DueLinksAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var rows = await work.QueryAsync<(long Id, string NormalizedUrl, string Host, DateTimeOffset CreatedAt, int? Attempts)>(
            """
            SELECT c.id, c.normalized_url, c.host, c.created_at, w.attempts
            FROM citations c
            LEFT JOIN archive_work w ON w.citation_id = c.id AND w.kind = 'link'
            WHERE (w.retry_at IS NULL OR w.retry_at <= @now) AND c.paused = 0 AND c.retired = 0
              AND ((w.done_at IS NULL
                    AND EXISTS (SELECT 1 FROM snapshots s WHERE s.citation_id = c.id AND s.origin = 'monitor' AND s.check_status = @ok))
                OR (c.health = @broken
                    AND EXISTS (SELECT 1 FROM health_transitions t
                                WHERE t.citation_id = c.id AND t.to_health = @broken AND (w.done_at IS NULL OR t.at > w.done_at))))
            ORDER BY c.id
            LIMIT @limit
            """, new { now, limit, ok = CheckStatus.Ok, broken = CitationHealth.Broken }, cancellationToken);
        return [.. rows.Select(r => new ArchiveTask(r.Id, r.NormalizedUrl, r.Host, r.CreatedAt, r.Attempts ?? 0))];
    }

    /// <summary>
    /// Citations due a baseline, with the date they were cited: the earliest of their places' access dates, a place
    /// without one counting its document's publication date; only
    /// <paramref name="citationId"/> when given.
    /// </summary>
    public async Task<IReadOnlyList<ArchiveTask>> DueBaselinesAsync(
        DateTimeOffset now, int limit, long? citationId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var where = new SqlFilter()
            .And("COALESCE(pl.accessed_at, d.published_at) IS NOT NULL")
            .And("c.paused = 0 AND c.retired = 0")
            .And("c.id = @citationId", "citationId", citationId)
            .And("w.done_at IS NULL")
            .And("(w.retry_at IS NULL OR w.retry_at <= @now)", "now", now)
            .And("NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.citation_id = c.id AND s.origin = 'web-archive')");
        where.Parameters.Add("limit", limit);
        var rows = await work.QueryAsync<(long Id, string NormalizedUrl, string Host, DateTimeOffset PublishedAt, int? Attempts)>(
            $"""
            SELECT c.id, c.normalized_url, c.host, MIN(COALESCE(pl.accessed_at, d.published_at)) AS published_at, MAX(w.attempts) AS attempts
            FROM citations c
            JOIN places pl ON pl.citation_id = c.id
            LEFT JOIN documents d ON d.id = pl.document_id
            LEFT JOIN archive_work w ON w.citation_id = c.id AND w.kind = 'baseline'
            {where}
            GROUP BY c.id, c.normalized_url, c.host
            ORDER BY c.id
            LIMIT @limit
            """, where.Parameters, cancellationToken);
        return [.. rows.Select(r => new ArchiveTask(r.Id, r.NormalizedUrl, r.Host, r.PublishedAt, r.Attempts ?? 0))];
    }

    /// <summary>Citations with a capture of their own that were never submitted to the save endpoint.</summary>
    public async Task<IReadOnlyList<ArchiveTask>> DueSavesAsync(int limit, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var rows = await work.QueryAsync<(long Id, string NormalizedUrl, string Host, DateTimeOffset CreatedAt)>(
            """
            SELECT c.id, c.normalized_url, c.host, c.created_at
            FROM citations c
            WHERE c.paused = 0 AND c.retired = 0
              AND NOT EXISTS (SELECT 1 FROM archive_work w WHERE w.citation_id = c.id AND w.kind = 'save')
              AND EXISTS (SELECT 1 FROM snapshots s WHERE s.citation_id = c.id AND s.origin = 'monitor' AND s.check_status = @ok)
            ORDER BY c.id
            LIMIT @limit
            """, new { limit, ok = CheckStatus.Ok }, cancellationToken);
        return [.. rows.Select(r => new ArchiveTask(r.Id, r.NormalizedUrl, r.Host, r.CreatedAt, 0))];
    }

    /// <summary>The archive answered: the work is done (<paramref name="note"/> says e.g. that it had no capture).</summary>
    public async Task DoneAsync(long citationId, string kind, DateTimeOffset now, string? note, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await DoneAsync(work, citationId, kind, now, note, cancellationToken);
    }

    /// <summary>The same, inside the caller's unit of work.</summary>
    public Task DoneAsync(UnitOfWork work, long citationId, string kind, DateTimeOffset now, string? note, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            """
            INSERT INTO archive_work (citation_id, kind, done_at, attempts, retry_at, last_error)
            VALUES (@citationId, @kind, @now, 0, NULL, @note)
            ON CONFLICT (citation_id, kind) DO UPDATE SET
                done_at = excluded.done_at, attempts = 0, retry_at = NULL, last_error = excluded.last_error
            """, new { citationId, kind, now, note }, cancellationToken);

    /// <summary>The archive could not be asked: try again at <paramref name="retryAt"/>.</summary>
    public async Task FailedAsync(
        long citationId, string kind, DateTimeOffset retryAt, string error, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync(
            """
            INSERT INTO archive_work (citation_id, kind, attempts, retry_at, last_error)
            VALUES (@citationId, @kind, 1, @retryAt, @error)
            ON CONFLICT (citation_id, kind) DO UPDATE SET
                attempts = archive_work.attempts + 1, retry_at = excluded.retry_at, last_error = excluded.last_error
            """, new { citationId, kind, retryAt, error }, cancellationToken);
    }

    /// <summary>Keeps the archived copy closest to the citation's first-seen date (or clears it when there is none).</summary>
    public async Task SetArchivedCopyAsync(long citationId, ArchivedCopy? copy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var work = await connections.BeginAsync(cancellationToken);
        if (copy is not null)
        {
            await work.ExecuteAsync(
                "UPDATE citations SET archived_url = @Url, archived_at = @At WHERE id = @citationId",
                new { copy.Url, copy.At, citationId }, cancellationToken);
        }

        await DoneAsync(work, citationId, Link, now, copy is null ? "no_capture" : null, cancellationToken);
        await work.CommitAsync(cancellationToken);
    }
}
