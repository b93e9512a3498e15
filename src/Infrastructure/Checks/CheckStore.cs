using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Checks;

internal sealed class CheckStore(IDbConnectionFactory connections)
{
    private const string Columns =
        """
        k.id, k.citation_id, k.started_at, k.duration_ms, k.status, k.http_status, k.final_url, k.redirects,
        k.attempts, k.error, k.reason, k.content_type, k.snapshot_id, k.content_changed,
        k.quote_status, k.quote_similarity, k.quote_match, k.not_modified, k.moved_to
        """;

    public async Task<Paged<CheckRow>> ListForCitationAsync(long citationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.PageAsync<CheckRow>(
            Columns, "FROM checks k", "k.id DESC", new SqlFilter().And("k.citation_id = @citationId", "citationId", citationId), page,
            cancellationToken);
    }

    /// <summary>
    /// What a timeline draws of each check of a citation started at or after <paramref name="since"/>, oldest first:
    /// when, how long, with what status. Only those four columns, so a source checked ten thousand times reads fast.
    /// </summary>
    public async Task<IReadOnlyList<CheckMark>> MarksAsync(long citationId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.QueryAsync<CheckMark>(
            """
            SELECT k.started_at, k.duration_ms, k.status, k.http_status FROM checks k
            WHERE k.citation_id = @citationId AND k.started_at >= @since
            ORDER BY k.id
            """, new { citationId, since }, cancellationToken);
    }

    public async Task<CheckRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<CheckRow>($"SELECT {Columns} FROM checks k WHERE k.id = @id", new { id }, cancellationToken);
    }

    /// <summary>Stores a check (its <see cref="CheckRow.Id"/> left out) inside the caller's unit of work; returns its id.</summary>
    public Task<long> InsertAsync(UnitOfWork work, CheckRow check, CancellationToken cancellationToken) =>
        work.ScalarAsync<long>(
            """
            INSERT INTO checks (citation_id, started_at, duration_ms, status, http_status, final_url, redirects, attempts,
                                error, reason, content_type, snapshot_id, content_changed, quote_status, quote_similarity, quote_match,
                                not_modified, moved_to)
            VALUES (@CitationId, @StartedAt, @DurationMs, @Status, @HttpStatus, @FinalUrl, @Redirects, @Attempts,
                    @Error, @Reason, @ContentType, @SnapshotId, @ContentChanged, @QuoteStatus, @QuoteSimilarity, @QuoteMatch,
                    @NotModified, @MovedTo)
            RETURNING id
            """, check, cancellationToken);
}

/// <summary>One check as a timeline draws it: when it started, how long it took, its status and HTTP status.</summary>
internal sealed class CheckMark
{
    public DateTimeOffset StartedAt { get; init; }
    public long DurationMs { get; init; }
    public CheckStatus Status { get; init; }
    public int? HttpStatus { get; init; }
}
