using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;

namespace CitationMonitor.Infrastructure.Documents;

internal sealed class DocumentRow
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    public string? SourceUrl { get; init; }
    public string? Description { get; init; }
    public string CreatedAt { get; init; } = "";
    public string? PublishedAt { get; init; }
    public int CitationCount { get; init; }
}

/// <summary>A document to store with every URL occurrence found in its text.</summary>
internal sealed record NewDocument(string Title, string? SourceUrl, string? Description, IReadOnlyList<CitedUrl> Citations)
{
    /// <summary>When the document was published: its citations' baseline is a web archive's capture closest to it.</summary>
    public DateTimeOffset? PublishedAt { get; init; }
}

internal sealed class DocumentStore(IDbConnectionFactory connections, TimeProvider time)
{
    private const string Columns =
        """
        d.id, d.title, d.source_url, d.description, d.created_at, d.published_at,
        (SELECT COUNT(DISTINCT p.citation_id) FROM citation_places p WHERE p.document_id = d.id) AS citation_count
        """;

    /// <summary>Stores the document, one citation per distinct source and one place per occurrence, atomically.</summary>
    public async Task<long> CreateAsync(NewDocument document, CancellationToken cancellationToken) =>
        (await CreateAsync(document, onlyIntoEmptyDatabase: false, cancellationToken))!.Value;

    /// <summary>
    /// Stores the document only while nothing is stored yet, judged inside the write transaction,
    /// so that two processes starting together load the bundled statement once; null when not empty.
    /// </summary>
    public Task<long?> CreateInEmptyDatabaseAsync(NewDocument document, CancellationToken cancellationToken) =>
        CreateAsync(document, onlyIntoEmptyDatabase: true, cancellationToken);

    private async Task<long?> CreateAsync(NewDocument document, bool onlyIntoEmptyDatabase, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (onlyIntoEmptyDatabase && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM citations)", transaction: transaction,
            cancellationToken: cancellationToken)))
        {
            return null;
        }

        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO documents (title, source_url, description, created_at, published_at)
            VALUES (@Title, @SourceUrl, @Description, @createdAt, @publishedAt)
            RETURNING id
            """,
            new { document.Title, document.SourceUrl, document.Description, createdAt = DbTime.ToDb(now), publishedAt = DbTime.ToDb(document.PublishedAt) },
            transaction, cancellationToken: cancellationToken));

        var position = 0;
        foreach (var cited in document.Citations)
        {
            var (citationId, _) = await CitationStore.UpsertAsync(connection, transaction, cited.Url, cited.Normalized, now, cancellationToken);
            await CitationStore.AddPlaceAsync(
                connection, transaction, id, citationId, cited.Url, cited.Context, cited.Line, position++, cited.Quote, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<DocumentRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<DocumentRow>(new CommandDefinition(
            $"SELECT {Columns} FROM documents d WHERE d.id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<bool> ExistsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE id = @id)", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<Paged<DocumentRow>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM documents", cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<DocumentRow>(new CommandDefinition(
            $"SELECT {Columns} FROM documents d ORDER BY d.id DESC LIMIT @PageSize OFFSET @Offset",
            new { page.PageSize, page.Offset }, cancellationToken: cancellationToken));
        return new Paged<DocumentRow>(rows.AsList(), page.Page, page.PageSize, total);
    }
}
