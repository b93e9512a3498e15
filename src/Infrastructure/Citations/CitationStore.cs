using System.Data.Common;
using System.Text;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>Reads and writes citations and the places that cite them.</summary>
internal sealed class CitationStore(IDbConnectionFactory connections, TimeProvider time, NotificationRecorder notifications)
{
    private const string Columns =
        """
        c.id, c.url, c.normalized_url, c.url_key, c.host, c.health, c.last_status, c.last_http_status, c.last_reason,
        c.last_checked_at, c.next_check_at, c.last_ok_at, c.last_changed_at, c.final_url, c.title,
        c.consecutive_failures, c.first_failure_at, c.check_count, c.change_count, c.snapshot_count, c.created_at,
        c.quote, c.quote_status, c.quote_similarity, c.quote_match, c.moved_to, c.archived_url, c.archived_at
        """;

    /// <summary>
    /// Adds a watched source, or returns the existing one with the same key. A place in a document is added
    /// either way, unless that very place (same document, URL and context) is already recorded.
    /// </summary>
    public async Task<(CitationWithPlaces Citation, bool Created)> AddAsync(
        string citedUrl, NormalizedUrl url, long? documentId, string? context, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (id, created) = await UpsertAsync(connection, transaction, citedUrl, url, time.GetUtcNow(), cancellationToken);
        var placeContext = context ?? citedUrl;
        if (documentId is { } document && !await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            """
            SELECT EXISTS (SELECT 1 FROM citation_places
                           WHERE document_id = @document AND citation_id = @id AND cited_url = @citedUrl AND context = @placeContext)
            """, new { document, id, citedUrl, placeContext }, transaction, cancellationToken: cancellationToken)))
        {
            var position = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM citation_places WHERE document_id = @document",
                new { document }, transaction, cancellationToken: cancellationToken));
            await AddPlaceAsync(connection, transaction, document, id, citedUrl, placeContext, null, position, null, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return ((await GetAsync(id, cancellationToken))!, created);
    }

    /// <summary>
    /// Inserts a citation unless its key is already watched. The URL checked keeps the scheme it was first cited
    /// with: a site that serves only http must not start failing because a later document cites it as https.
    /// </summary>
    internal static async Task<(long Id, bool Created)> UpsertAsync(
        DbConnection connection, DbTransaction transaction, string citedUrl, NormalizedUrl url, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var existing = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT id FROM citations WHERE url_key = @Key", new { url.Key }, transaction, cancellationToken: cancellationToken));
        if (existing is { } existingId)
        {
            return (existingId, false);
        }

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO citations (url, normalized_url, url_key, host, health, next_check_at, created_at)
            VALUES (@citedUrl, @Url, @Key, @Host, 'unknown', @now, @now)
            RETURNING id
            """,
            new { citedUrl, url.Url, url.Key, url.Host, now = DbTime.ToDb(now) }, transaction,
            cancellationToken: cancellationToken));
        return (id, true);
    }

    /// <summary>Records a place; a quote found there becomes the citation's passage unless it already has one.</summary>
    internal static async Task AddPlaceAsync(
        DbConnection connection, DbTransaction transaction, long documentId, long citationId, string citedUrl,
        string context, int? line, int position, string? quote, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO citation_places (document_id, citation_id, cited_url, context, line, position, quote)
            VALUES (@documentId, @citationId, @citedUrl, @context, @line, @position, @quote)
            """,
            new { documentId, citationId, citedUrl, context, line, position, quote }, transaction,
            cancellationToken: cancellationToken));
        if (quote is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE citations SET quote = @quote WHERE id = @citationId AND quote IS NULL",
                new { citationId, quote }, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Sets (or, with null, clears) the passage a citation quotes; its last verdict on the old one goes.</summary>
    public async Task<bool> SetQuoteAsync(long id, string? quote, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE citations SET quote = @quote, quote_status = NULL, quote_similarity = NULL, quote_match = NULL
            WHERE id = @id
            """, new { id, quote }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<CitationWithPlaces?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CitationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM citations c WHERE c.id = @id", new { id }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var places = await PlacesAsync(connection, [id], cancellationToken);
        return new CitationWithPlaces(row, [.. places[id]]);
    }

    public async Task<bool> ExistsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM citations WHERE id = @id)", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<Paged<CitationWithPlaces>> ListAsync(CitationFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("WHERE 1 = 1");
        var parameters = new DynamicParameters();
        if (filter.Health is not null)
        {
            where.Append(" AND c.health = @health");
            parameters.Add("health", filter.Health);
        }

        if (filter.Status is not null)
        {
            where.Append(" AND c.last_status = @status");
            parameters.Add("status", filter.Status);
        }

        if (filter.Host is not null)
        {
            where.Append(" AND c.host = @host");
            parameters.Add("host", filter.Host.ToLowerInvariant());
        }

        if (filter.DocumentId is { } documentId)
        {
            where.Append(" AND EXISTS (SELECT 1 FROM citation_places p WHERE p.citation_id = c.id AND p.document_id = @documentId)");
            parameters.Add("documentId", documentId);
        }

        if (filter.ChangedSince is { } changedSince)
        {
            where.Append(" AND c.last_changed_at >= @changedSince");
            parameters.Add("changedSince", DbTime.ToDb(changedSince));
        }

        if (!string.IsNullOrWhiteSpace(filter.Query))
        {
            where.Append(
                """
                 AND (LOWER(c.url) LIKE @q ESCAPE '\' OR LOWER(c.normalized_url) LIKE @q ESCAPE '\'
                      OR LOWER(COALESCE(c.title, '')) LIKE @q ESCAPE '\'
                      OR EXISTS (SELECT 1 FROM citation_places p WHERE p.citation_id = c.id AND LOWER(p.context) LIKE @q ESCAPE '\'))
                """);
            parameters.Add("q", "%" + EscapeLike(filter.Query.Trim().ToLowerInvariant()) + "%");
        }

        parameters.Add("limit", page.PageSize);
        parameters.Add("offset", page.Offset);

        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM citations c {where}", parameters, cancellationToken: cancellationToken));
        var rows = (await connection.QueryAsync<CitationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM citations c {where} ORDER BY c.id DESC LIMIT @limit OFFSET @offset",
            parameters, cancellationToken: cancellationToken))).AsList();
        var places = await PlacesAsync(connection, [.. rows.Select(r => r.Id)], cancellationToken);
        return new Paged<CitationWithPlaces>([.. rows.Select(r => new CitationWithPlaces(r, [.. places[r.Id]]))], page.Page, page.PageSize, total);
    }

    /// <summary>Citations of one document, in the order the document cites them.</summary>
    public async Task<IReadOnlyList<CitationWithPlaces>> ListForDocumentAsync(long documentId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<CitationRow>(new CommandDefinition(
            $"""
            SELECT {Columns} FROM citations c
            JOIN (SELECT citation_id, MIN(position) AS first_position FROM citation_places
                  WHERE document_id = @documentId GROUP BY citation_id) p ON p.citation_id = c.id
            ORDER BY p.first_position
            """, new { documentId }, cancellationToken: cancellationToken))).AsList();
        var places = await PlacesAsync(connection, [.. rows.Select(r => r.Id)], cancellationToken);
        return [.. rows.Select(r => new CitationWithPlaces(r, [.. places[r.Id]]))];
    }

    private static async Task<ILookup<long, CitationPlaceRow>> PlacesAsync(
        DbConnection connection, long[] citationIds, CancellationToken cancellationToken)
    {
        if (citationIds.Length == 0)
        {
            return Array.Empty<CitationPlaceRow>().ToLookup(p => p.CitationId);
        }

        var places = await connection.QueryAsync<CitationPlaceRow>(new CommandDefinition(
            """
            SELECT p.citation_id, p.document_id, d.title AS document_title, p.cited_url, p.context, p.line, p.position, p.quote
            FROM citation_places p JOIN documents d ON d.id = p.document_id
            WHERE p.citation_id IN @citationIds
            ORDER BY p.document_id, p.position
            """, new { citationIds }, cancellationToken: cancellationToken));
        return places.ToLookup(p => p.CitationId);
    }

    /// <summary>
    /// Health moves with time as well as with checks: a run of failures that reaches <c>BrokenAfter</c> between two
    /// checks makes the citation broken now, not at its next check (the contract's rule, evaluated in SQL). Each one
    /// promoted gets its health transition (without a check) and its <c>broken</c> webhook deliveries in the same transaction.
    /// </summary>
    public async Task<int> MarkOverdueBrokenAsync(HealthOptions health, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var overdue = (await connection.QueryAsync<long>(new CommandDefinition(
            """
            SELECT id FROM citations
            WHERE health = 'degraded' AND consecutive_failures >= @BrokenAfterFailures AND first_failure_at <= @cutoff
            """, new { health.BrokenAfterFailures, cutoff = DbTime.ToDb(now - health.BrokenAfter) }, transaction,
            cancellationToken: cancellationToken))).AsList();
        if (overdue.Count == 0)
        {
            return 0;
        }

        foreach (var id in overdue)
        {
            await notifications.OnHealthAsync(connection, transaction, id, "broken", null, now, cancellationToken);
        }

        var promoted = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE citations SET health = 'broken' WHERE id IN @overdue", new { overdue }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return promoted;
    }

    private static string EscapeLike(string value) =>
        value.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
