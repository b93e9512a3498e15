using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Changes;

internal sealed class ChangeStore(IDbConnectionFactory connections)
{
    private const string Columns =
        """
        ch.id, ch.citation_id, ch.detected_at, ch.from_snapshot_id, ch.to_snapshot_id, ch.kind, ch.similarity,
        ch.inserted_words, ch.deleted_words, ch.diff, ch.document_id, ch.from_quote_status, ch.to_quote_status,
        c.normalized_url AS url
        """;

    private const string From = "FROM changes ch JOIN citations c ON c.id = ch.citation_id";

    /// <summary>
    /// Records a change from one snapshot to another, inside the caller's unit of work; a change of kind quote names the
    /// place (and so the document) whose passage it is about.
    /// </summary>
    public Task InsertAsync(
        UnitOfWork work, long citationId, DateTimeOffset detectedAt, long? fromSnapshotId, long toSnapshotId, ChangeKind kind,
        TextComparison comparison, CancellationToken cancellationToken, QuoteMove? quote = null) =>
        work.ExecuteAsync(
            """
            INSERT INTO changes (citation_id, detected_at, from_snapshot_id, to_snapshot_id, kind, similarity,
                                 inserted_words, deleted_words, diff, place_id, document_id, from_quote_status, to_quote_status)
            VALUES (@citationId, @detectedAt, @fromSnapshotId, @toSnapshotId, @kind, @Similarity, @InsertedWords, @DeletedWords, @diff,
                    @placeId, @documentId, @fromQuoteStatus, @toQuoteStatus)
            """,
            new
            {
                citationId,
                detectedAt,
                fromSnapshotId,
                toSnapshotId,
                kind,
                comparison.Similarity,
                comparison.InsertedWords,
                comparison.DeletedWords,
                diff = comparison.Diff,
                placeId = quote?.Place.Id,
                documentId = quote?.Place.DocumentId,
                fromQuoteStatus = quote?.From,
                toQuoteStatus = quote?.To,
            }, cancellationToken);

    /// <summary>The changes recorded to a snapshot (only from <paramref name="fromSnapshotId"/> when given), oldest first.</summary>
    public Task<List<ChangeFacts>> RecordedToAsync(
        UnitOfWork work, long citationId, long toSnapshotId, long? fromSnapshotId, CancellationToken cancellationToken)
    {
        var where = new SqlFilter()
            .And("citation_id = @citationId", "citationId", citationId)
            .And("to_snapshot_id = @toSnapshotId", "toSnapshotId", toSnapshotId)
            .And("from_snapshot_id = @fromSnapshotId", "fromSnapshotId", fromSnapshotId);
        return work.QueryAsync<ChangeFacts>(
            $"SELECT id, kind, inserted_words, deleted_words, similarity, document_id, from_quote_status, to_quote_status FROM changes {where} ORDER BY id", where.Parameters, cancellationToken);
    }

    public async Task<ChangeRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<ChangeRow>($"SELECT {Columns} {From} WHERE ch.id = @id", new { id }, cancellationToken);
    }

    /// <summary>
    /// For a change of kind quote: the passage its place cites and the closest text the source held at the change (null
    /// when the source no longer held anything close, or held the passage itself).
    /// </summary>
    public async Task<(string? Cited, string? Found)> QuotePassageAsync(long changeId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<(string?, string?)>(
            """
            SELECT p.quote, (SELECT q.match FROM place_quotes q WHERE q.place_id = ch.place_id AND q.snapshot_id = ch.to_snapshot_id
                             ORDER BY q.id DESC LIMIT 1)
            FROM changes ch JOIN places p ON p.id = ch.place_id
            WHERE ch.id = @changeId
            """, new { changeId }, cancellationToken);
    }

    public async Task<Paged<ChangeRow>> ListAsync(ChangeFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var where = new SqlFilter()
            .And("ch.detected_at >= @since", "since", filter.Since)
            .And("ch.detected_at < @until", "until", filter.Until)
            // The newest page is read backwards in id order, which stops after a page of matches, or at the first id
            // that can match when fewer do: that bound, the smallest id detected since (the largest before until), is
            // read from ix_changes_detected alone. Without it, a dashboard asking for the few changes since its last
            // poll read every change ever recorded. MIN(id + 0), not MIN(id): the plain column would have SQLite
            // look for it in id order instead of in the index.
            .And("ch.id >= (SELECT MIN(id + 0) FROM changes WHERE detected_at >= @since)", "since", filter.Since)
            .And("ch.id <= (SELECT MAX(id + 0) FROM changes WHERE detected_at < @until)", "until", filter.Until)
            // A document's changes: those of its sources, less the passages other documents quote from them.
            .And(
                """
                EXISTS (SELECT 1 FROM citation_places p WHERE p.citation_id = ch.citation_id AND p.document_id = @documentId)
                AND (ch.document_id IS NULL OR ch.document_id = @documentId)
                """, "documentId", filter.DocumentId)
            .And("ch.citation_id = @citationId", "citationId", filter.CitationId)
            .And("ch.kind = @kind", "kind", filter.Kind)
            .And("ch.inserted_words + ch.deleted_words >= @minWords", "minWords", filter.MinWords);
        await using var work = await connections.ConnectAsync(cancellationToken);
        // Every change has its citation (a foreign key): the count needs no join.
        return await work.PageAsync<ChangeRow>(Columns, From, "ch.id DESC", where, page, cancellationToken, countFrom: "FROM changes ch");
    }

    /// <summary>
    /// For each citation with a baseline from when it was cited (a web archive's capture) and a capture of the monitor's
    /// own: the first change of its text or title (null when none was), which the baseline, as the earliest state known,
    /// is the start of. Citations without such a baseline, or never captured, are left out: whether they changed since
    /// cited is not known.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, long?>> SinceCitedAsync(IReadOnlyList<long> citationIds, CancellationToken cancellationToken)
    {
        if (citationIds.Count == 0)
        {
            return new Dictionary<long, long?>();
        }

        await using var work = await connections.ConnectAsync(cancellationToken);
        var rows = await work.QueryAsync<(long CitationId, long? ChangeId)>(
            $"""
            SELECT b.citation_id,
                   (SELECT MIN(ch.id) FROM changes ch WHERE ch.citation_id = b.citation_id AND ch.kind IN ('content', 'title'))
            FROM (SELECT DISTINCT citation_id FROM snapshots
                  WHERE {work.Dialect.InList("citation_id", "@citationIds")} AND origin = 'web-archive') b
            WHERE EXISTS (SELECT 1 FROM snapshots s WHERE s.citation_id = b.citation_id AND s.origin = 'monitor' AND s.check_status = 'ok')
            """, new { citationIds = work.Dialect.Ids(citationIds) }, cancellationToken);
        return rows.ToDictionary(r => r.CitationId, r => r.ChangeId);
    }
}
