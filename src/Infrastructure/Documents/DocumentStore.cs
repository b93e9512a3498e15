using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.Documents;

internal sealed class DocumentRow
{
    public long Id { get; init; }
    public string Title { get; init; } = "";
    public string? SourceUrl { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public int CitationCount { get; init; }

    /// <summary>What the document was read from.</summary>
    public DocumentKind Kind { get; init; } = DocumentKind.Text;

    /// <summary>What its reading left out, and why.</summary>
    public IReadOnlyList<SkippedText> Skipped { get; init; } = [];

    /// <summary>The uploaded file, kept as evidence under its SHA-256; null for a document posted as text.</summary>
    public string? OriginalSha256 { get; init; }
    public string? OriginalName { get; init; }
    public string? OriginalType { get; init; }
    public long? OriginalBytes { get; init; }

    /// <summary>A retired document is left out of lists and still readable by id.</summary>
    public bool Retired { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }
}

/// <summary>A document's uploaded file: its bytes as received, its name and media type as sent.</summary>
internal sealed record DocumentOriginal(byte[] Bytes, string? Name, string? ContentType);

/// <summary>A document to store with every URL occurrence found in its text.</summary>
internal sealed record NewDocument(string Title, string? SourceUrl, string? Description, IReadOnlyList<CitedUrl> Citations)
{
    /// <summary>When the document was published: its citations' baseline is a web archive's capture closest to it.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    public DocumentKind Kind { get; init; } = DocumentKind.Text;

    public IReadOnlyList<SkippedText> Skipped { get; init; } = [];

    /// <summary>The file the document was read from, kept as evidence; null for text.</summary>
    public DocumentOriginal? Original { get; init; }

    /// <summary>The name of the key that posts it: recorded on each retired citation it brings back.</summary>
    public string KeyName { get; init; } = AuditKeys.System;
}

internal sealed class DocumentStore(
    IDbConnectionFactory connections, CitationStore citations, PlaceStore places, SnapshotStore snapshots, TimeProvider time)
{
    private const string Columns =
        """
        d.id, d.title, d.source_url, d.description, d.created_at, d.published_at, d.kind, d.skipped,
        d.original_sha256, d.original_name, d.original_type, d.original_bytes, d.retired, d.retired_at,
        (SELECT COUNT(*) FROM places p WHERE p.document_id = d.id) AS citation_count
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
        await using var work = await connections.BeginAsync(cancellationToken);
        if (onlyIntoEmptyDatabase && await work.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM documents) OR EXISTS (SELECT 1 FROM citations)", null, cancellationToken))
        {
            return null;
        }

        string? originalSha256 = null;
        if (document.Original is { } original)
        {
            originalSha256 = BodyCodec.Sha256Hex(original.Bytes);
            await snapshots.StoreBodyAsync(work, originalSha256, original.Bytes.Length, Compressed.Of(original.Bytes), now, cancellationToken);
        }

        var id = await work.ScalarAsync<long>(
            """
            INSERT INTO documents (title, source_url, description, created_at, published_at, kind, skipped,
                                   original_sha256, original_name, original_type, original_bytes)
            VALUES (@Title, @SourceUrl, @Description, @now, @PublishedAt, @Kind, @Skipped,
                    @originalSha256, @originalName, @originalType, @originalBytes)
            RETURNING id
            """,
            new
            {
                document.Title, document.SourceUrl, document.Description, now, document.PublishedAt, document.Kind, document.Skipped,
                originalSha256, originalName = document.Original?.Name, originalType = document.Original?.ContentType,
                originalBytes = document.Original?.Bytes.LongLength,
            },
            cancellationToken);

        // One statement per distinct source (at most Monitor:Limits:MaxCitationsPerDocument), then every occurrence and
        // every place in one statement each: a document that repeats its URLs costs no statement per repetition.
        var citationIds = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var cited in document.Citations)
        {
            if (!citationIds.ContainsKey(cited.Normalized.Key))
            {
                citationIds[cited.Normalized.Key] = (await citations.UpsertAsync(work, cited.Url, cited.Normalized, now, document.KeyName, id, cancellationToken)).Id;
            }
        }

        var occurrences = document.Citations
            .Select((cited, position) => new NewPlace(id, citationIds[cited.Normalized.Key], cited.Url, cited.Context, cited.Line, position, cited.Quote)
            {
                AccessedAt = cited.AccessedAt,
                Footnote = cited.Footnote,
            })
            .DistinctBy(o => (o.CitationId, o.CitedUrl, o.Context))
            .ToList();
        await places.AddDocumentPlacesAsync(work, id, occurrences, cancellationToken);

        await work.CommitAsync(cancellationToken);
        return id;
    }

    public async Task<DocumentRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<DocumentRow>($"SELECT {Columns} FROM documents d WHERE d.id = @id", new { id }, cancellationToken);
    }

    /// <summary>A document's uploaded file, checked against its SHA-256; null when the document has none (or does not exist).</summary>
    public async Task<DocumentOriginal?> GetOriginalAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<(string Sha256, string? Name, string? ContentType, string? Encoding, byte[]? Data)?>(
            """
            SELECT d.original_sha256, d.original_name, d.original_type, b.encoding, b.data
            FROM documents d JOIN bodies b ON b.sha256 = d.original_sha256
            WHERE d.id = @id
            """, new { id }, cancellationToken);
        if (row is not { } r)
        {
            return null;
        }

        return BodyCodec.Open(r.Encoding ?? "", r.Data ?? [], r.Sha256, out var bytes, out _) == StoredBytesProblem.None
            ? new DocumentOriginal(bytes, r.Name, r.ContentType)
            : throw new InvalidDataException($"The original file of document {id} no longer matches its SHA-256 {r.Sha256}.");
    }

    public async Task<bool> ExistsAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM documents WHERE id = @id)", new { id }, cancellationToken);
    }

    /// <summary>A page of the documents, newest first: those not retired, or with <paramref name="retired"/> the retired ones.</summary>
    public async Task<Paged<DocumentRow>> ListAsync(PageRequest page, bool retired, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.PageAsync<DocumentRow>(
            Columns, "FROM documents d", "d.id DESC", new SqlFilter().And("d.retired = @retired", "retired", retired ? 1 : 0), page, cancellationToken);
    }
}
