using System.Text;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Vocabulary;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fixity;
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

    /// <summary>The snapshot that keeps the uploaded file in the hash chain (origin <c>upload</c>); null for text.</summary>
    public long? OriginalSnapshotId { get; init; }

    /// <summary>A retired document is left out of lists and still readable by id.</summary>
    public bool Retired { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }
}

/// <summary>A document's uploaded file: its bytes as received, its name and media type as sent.</summary>
internal sealed record DocumentOriginal(byte[] Bytes, string? Name, string? ContentType)
{
    /// <summary>The text its citations were read from, kept with it (the snapshot's text); empty for reference exports.</summary>
    public string Text { get; init; } = "";
}

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
        (SELECT COUNT(*) FROM places p WHERE p.document_id = d.id) AS citation_count,
        (SELECT MIN(s.id) FROM snapshots s WHERE s.document_id = d.id) AS original_snapshot_id
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
        if (onlyIntoEmptyDatabase)
        {
            await work.Dialect.LockAsync(work, DbLock.Seed, cancellationToken);
        }

        if (document.Original is not null)
        {
            // Its file becomes a sealed snapshot.
            await work.Dialect.LockAsync(work, DbLock.SnapshotChain, cancellationToken);
        }

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
        if (document.Original is { } file)
        {
            await KeepOriginalAsync(work, id, document, file, originalSha256!, now, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Keeps an uploaded file as evidence the way a capture is kept: a snapshot of the document (origin <c>upload</c>)
    /// with the text read from it, sealed into the hash chain in the unit that stores the document, so fixity runs check
    /// its bytes and WARC exports hold it as a <c>resource</c> record.
    /// </summary>
    private async Task KeepOriginalAsync(
        UnitOfWork work, long id, NewDocument document, DocumentOriginal file, string sha256, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetBytes(file.Text);
        var textSha256 = BodyCodec.Sha256Hex(text);
        await snapshots.StoreTextAsync(work, textSha256, file.Text.Length, Compressed.Of(text), cancellationToken);
        var snapshotId = await snapshots.InsertUploadAsync(
            work,
            new UploadSnapshot(
                id, now, document.SourceUrl ?? UploadSnapshot.UrnOf(id), DocumentKinds.MediaType(document.Kind), WireName.Of(document.Kind), file.Bytes.LongLength,
                sha256, textSha256, document.Title),
            cancellationToken);
        await SnapshotChain.SealAsync(work, snapshotId, cancellationToken);
    }

    public async Task<DocumentRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<DocumentRow>($"SELECT {Columns} FROM documents d WHERE d.id = @id", new { id }, cancellationToken);
    }

    /// <summary>
    /// A document's uploaded file, read through the snapshot that keeps it and checked against its SHA-256; null when the
    /// document has none (or does not exist).
    /// </summary>
    /// <exception cref="DamagedEvidenceException">The stored file is missing, unreadable or no longer the bytes received.</exception>
    public async Task<DocumentOriginal?> GetOriginalAsync(long id, CancellationToken cancellationToken)
    {
        if (await GetAsync(id, cancellationToken) is not { OriginalSnapshotId: { } snapshotId } document)
        {
            return null;
        }

        return await snapshots.GetRawAsync(snapshotId, cancellationToken) is { } body
            ? new DocumentOriginal(body.Bytes, document.OriginalName, document.OriginalType)
            : null;
    }

    public async Task<bool> ExistsAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM documents WHERE id = @id)", new { id }, cancellationToken);
    }

    /// <summary>A page of the documents, newest first: those not retired, or with <paramref name="retired"/> the retired ones.</summary>
    public Task<Paged<DocumentRow>> ListAsync(PageRequest page, bool retired, CancellationToken cancellationToken) =>
        ListAsync(page, retired, null, cancellationToken);

    /// <summary>
    /// A page of the documents, newest first, those not retired (or only the retired ones), whose title or address
    /// contains <paramref name="query"/> when one is given.
    /// </summary>
    public async Task<Paged<DocumentRow>> ListAsync(PageRequest page, bool retired, string? query, CancellationToken cancellationToken)
    {
        var where = new SqlFilter()
            .And("d.retired = @retired", "retired", retired ? 1 : 0)
            .And(
                @"(LOWER(d.title) LIKE @q ESCAPE '\' OR LOWER(COALESCE(d.source_url, '')) LIKE @q ESCAPE '\')",
                "q", SqlFilter.Containing(query));
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.PageAsync<DocumentRow>(Columns, "FROM documents d", "d.id DESC", where, page, cancellationToken);
    }
}
