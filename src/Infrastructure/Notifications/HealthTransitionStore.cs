using CitationMonitor.Infrastructure.Persistence;
using Dapper;

namespace CitationMonitor.Infrastructure.Notifications;

/// <summary>Reads the health history of citations.</summary>
internal sealed class HealthTransitionStore(IDbConnectionFactory connections)
{
    private const string Columns = "t.id, t.citation_id, t.from_health, t.to_health, t.at, t.check_id, c.normalized_url AS url";

    public async Task<Paged<HealthTransitionRow>> ListForCitationAsync(long citationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM health_transitions WHERE citation_id = @citationId", new { citationId }, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<HealthTransitionRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM health_transitions t JOIN citations c ON c.id = t.citation_id
            WHERE t.citation_id = @citationId ORDER BY t.id DESC LIMIT @PageSize OFFSET @Offset
            """, new { citationId, page.PageSize, page.Offset }, cancellationToken: cancellationToken));
        return new Paged<HealthTransitionRow>(rows.AsList(), page.Page, page.PageSize, total);
    }

    /// <summary>When each citation of a document took its current health: the time of its newest transition.</summary>
    public async Task<IReadOnlyDictionary<long, DateTimeOffset>> CurrentSinceForDocumentAsync(long documentId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long CitationId, string At)>(new CommandDefinition(
            """
            SELECT t.citation_id, MAX(t.at) FROM health_transitions t
            WHERE t.citation_id IN (SELECT p.citation_id FROM citation_places p WHERE p.document_id = @documentId)
            GROUP BY t.citation_id
            """, new { documentId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.CitationId, r => DbTime.FromDb(r.At));
    }

    /// <summary>
    /// The newest transitions worth telling a reader about, optionally of one document's citations. A first verdict
    /// (from <c>unknown</c>) is left out unless it is <c>broken</c>: that every new source was found healthy is no news.
    /// </summary>
    public async Task<IReadOnlyList<HealthTransitionRow>> RecentAsync(int limit, long? documentId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<HealthTransitionRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM health_transitions t JOIN citations c ON c.id = t.citation_id
            WHERE (t.from_health <> 'unknown' OR t.to_health = 'broken')
              AND (@documentId IS NULL OR EXISTS (SELECT 1 FROM citation_places p
                                                  WHERE p.citation_id = t.citation_id AND p.document_id = @documentId))
            ORDER BY t.at DESC, t.id DESC LIMIT @limit
            """, new { limit, documentId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
