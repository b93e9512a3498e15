using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Notifications;

/// <summary>The health history of citations.</summary>
internal sealed class HealthTransitionStore(IDbConnectionFactory connections)
{
    private const string Columns = "t.id, t.citation_id, t.from_health, t.to_health, t.at, t.check_id, c.normalized_url AS url";

    /// <summary>Records a transition inside the caller's unit of work; <paramref name="checkId"/> is null when time alone made it.</summary>
    public Task InsertAsync(
        UnitOfWork work, long citationId, CitationHealth from, CitationHealth to, DateTimeOffset at, long? checkId,
        CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            """
            INSERT INTO health_transitions (citation_id, from_health, to_health, at, check_id)
            VALUES (@citationId, @from, @to, @at, @checkId)
            """, new { citationId, from, to, at, checkId }, cancellationToken);

    public async Task<Paged<HealthTransitionRow>> ListForCitationAsync(long citationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.PageAsync<HealthTransitionRow>(
            Columns, "FROM health_transitions t JOIN citations c ON c.id = t.citation_id", "t.id DESC",
            new SqlFilter().And("t.citation_id = @citationId", "citationId", citationId), page, cancellationToken);
    }

    /// <summary>When each citation of a document took its current health: the time of its newest transition.</summary>
    public async Task<IReadOnlyDictionary<long, DateTimeOffset>> CurrentSinceForDocumentAsync(long documentId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var rows = await work.QueryAsync<(long CitationId, DateTimeOffset At)>(
            """
            SELECT t.citation_id, MAX(t.at) FROM health_transitions t
            WHERE t.citation_id IN (SELECT p.citation_id FROM citation_places p WHERE p.document_id = @documentId)
            GROUP BY t.citation_id
            """, new { documentId }, cancellationToken);
        return rows.ToDictionary(r => r.CitationId, r => r.At);
    }

    /// <summary>
    /// The newest transitions worth telling a reader about, optionally of one document's citations. A first verdict
    /// (from <c>unknown</c>) is left out unless it is <c>broken</c>: that every new source was found healthy is no news.
    /// </summary>
    public async Task<IReadOnlyList<HealthTransitionRow>> RecentAsync(int limit, long? documentId, CancellationToken cancellationToken)
    {
        var where = new SqlFilter()
            .And("(t.from_health <> @unknown OR t.to_health = @broken)")
            .And("EXISTS (SELECT 1 FROM citation_places p WHERE p.citation_id = t.citation_id AND p.document_id = @documentId)", "documentId", documentId);
        where.Parameters.AddDynamicParams(new { limit, unknown = CitationHealth.Unknown, broken = CitationHealth.Broken });
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.QueryAsync<HealthTransitionRow>(
            $"SELECT {Columns} FROM health_transitions t JOIN citations c ON c.id = t.citation_id {where} ORDER BY t.at DESC, t.id DESC LIMIT @limit",
            where.Parameters, cancellationToken);
    }
}
