using System.Data.Common;
using System.Text;
using System.Text.Json;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;

namespace CitationMonitor.Infrastructure.Changes;

internal sealed class ChangeStore(IDbConnectionFactory connections)
{
    private const string Columns =
        """
        ch.id, ch.citation_id, ch.detected_at, ch.from_snapshot_id, ch.to_snapshot_id, ch.kind, ch.similarity,
        ch.inserted_words, ch.deleted_words, ch.diff, c.normalized_url AS url
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Records a change from one snapshot to another, inside the caller's transaction.</summary>
    internal static Task InsertAsync(
        DbConnection connection, DbTransaction transaction, long citationId, string detectedAt, long? fromSnapshotId, long toSnapshotId,
        ChangeKind kind, TextComparison comparison, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO changes (citation_id, detected_at, from_snapshot_id, to_snapshot_id, kind, similarity,
                                 inserted_words, deleted_words, diff)
            VALUES (@citationId, @detectedAt, @fromSnapshotId, @toSnapshotId, @kind, @Similarity, @InsertedWords, @DeletedWords, @diff)
            """,
            new
            {
                citationId,
                detectedAt,
                fromSnapshotId,
                toSnapshotId,
                kind = kind.ToWireName(),
                comparison.Similarity,
                comparison.InsertedWords,
                comparison.DeletedWords,
                diff = JsonSerializer.Serialize(comparison.Diff, Json),
            }, transaction, cancellationToken: cancellationToken));

    public async Task<ChangeRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ChangeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM changes ch JOIN citations c ON c.id = ch.citation_id WHERE ch.id = @id",
            new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// For a change of kind quote: the passage the citation cites and the closest text the source held at the change
    /// (null when the source no longer held anything close).
    /// </summary>
    public async Task<(string? Cited, string? Found)> QuotePassageAsync(long changeId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<(string?, string?)>(new CommandDefinition(
            """
            SELECT c.quote, (SELECT k.quote_match FROM checks k WHERE k.snapshot_id = ch.to_snapshot_id ORDER BY k.id DESC LIMIT 1)
            FROM changes ch JOIN citations c ON c.id = ch.citation_id
            WHERE ch.id = @changeId
            """,
            new { changeId }, cancellationToken: cancellationToken));
    }

    public async Task<Paged<ChangeRow>> ListAsync(ChangeFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new DynamicParameters();
        if (filter.Since is { } since)
        {
            where.Append(" AND ch.detected_at >= @since");
            parameters.Add("since", DbTime.ToDb(since));
        }

        if (filter.Until is { } until)
        {
            where.Append(" AND ch.detected_at < @until");
            parameters.Add("until", DbTime.ToDb(until));
        }

        if (filter.DocumentId is { } documentId)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM citation_places p WHERE p.citation_id = ch.citation_id AND p.document_id = @documentId)");
            parameters.Add("documentId", documentId);
        }

        if (filter.CitationId is { } citationId)
        {
            where.Append(" AND ch.citation_id = @citationId");
            parameters.Add("citationId", citationId);
        }

        if (filter.Kind is { } kind)
        {
            where.Append(" AND ch.kind = @kind");
            parameters.Add("kind", kind.ToWireName());
        }

        if (filter.MinWords is { } minWords)
        {
            where.Append(" AND ch.inserted_words + ch.deleted_words >= @minWords");
            parameters.Add("minWords", minWords);
        }

        parameters.Add("limit", page.PageSize);
        parameters.Add("offset", page.Offset);
        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM changes ch {where}", parameters, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<ChangeRow>(new CommandDefinition(
            $"SELECT {Columns} FROM changes ch JOIN citations c ON c.id = ch.citation_id {where} ORDER BY ch.id DESC LIMIT @limit OFFSET @offset",
            parameters, cancellationToken: cancellationToken));
        return new Paged<ChangeRow>(rows.AsList(), page.Page, page.PageSize, total);
    }
}
