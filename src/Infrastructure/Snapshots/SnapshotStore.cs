using System.Text;
using Dapper;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Snapshots;

internal sealed class SnapshotStore(IDbConnectionFactory connections) : IStoredContent
{
    internal const string Columns =
        """
        s.id, s.citation_id, s.captured_at, s.url, s.final_url, s.http_status, s.check_status, s.content_type, s.kind,
        s.byte_length, s.sha256, s.text_sha256, s.truncated, s.title, s.unconfirmed, s.etag, s.last_modified,
        s.request_method, s.request_url, s.request_headers, s.http_version, s.reason_phrase, s.response_headers,
        s.origin, s.archive_url, s.archive_datetime, s.prev_hash, s.record_hash, s.document_id, s.extraction
        """;

    public async Task<SnapshotRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<SnapshotRow>($"SELECT {Columns} FROM snapshots s WHERE s.id = @id", new { id }, cancellationToken);
    }

    public async Task<Paged<SnapshotRow>> ListForCitationAsync(long citationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.PageAsync<SnapshotRow>(
            Columns, "FROM snapshots s", "s.id DESC", new SqlFilter().And("s.citation_id = @citationId", "citationId", citationId), page,
            cancellationToken);
    }

    /// <summary>
    /// The archived bytes exactly as received (after transfer decoding), checked against the snapshot's SHA-256; null
    /// for an unknown snapshot.
    /// </summary>
    /// <exception cref="DamagedEvidenceException">The body is missing, unreadable or no longer the bytes captured.</exception>
    public async Task<SnapshotBody?> GetRawAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<RawRow>(
            """
            SELECT s.sha256, s.content_type, b.encoding, b.data, b.base_sha256, k.encoding AS base_encoding, k.data AS base_data
            FROM snapshots s
            LEFT JOIN bodies b ON b.sha256 = s.sha256
            LEFT JOIN bodies k ON k.sha256 = b.base_sha256
            WHERE s.id = @id
            """, new { id }, cancellationToken);
        if (row is null)
        {
            return null;
        }

        return new SnapshotBody(Verified(id, "body", row.Sha256, row.Encoding, row.Data, row.DeltaBase), row.ContentType);
    }

    /// <summary>A stored body as read with its delta's base (columns set by name: some may be typeless NULLs).</summary>
    private sealed record RawRow
    {
        public string Sha256 { get; init; } = "";

        public string? ContentType { get; init; }

        public string? Encoding { get; init; }

        public byte[]? Data { get; init; }

        public string? BaseSha256 { get; init; }

        public string? BaseEncoding { get; init; }

        public byte[]? BaseData { get; init; }

        public DeltaBase? DeltaBase => BaseSha256 is { } sha256 ? new DeltaBase(sha256, BaseEncoding, BaseData) : null;
    }

    /// <summary>The extracted main text of a snapshot, checked against its SHA-256; null for an unknown snapshot.</summary>
    /// <exception cref="DamagedEvidenceException">The text is missing, unreadable or no longer hashes to its SHA-256.</exception>
    public async Task<string?> GetTextAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<(string Sha256, string? Encoding, byte[]? Data)?>(
            """
            SELECT s.text_sha256, t.encoding, t.data
            FROM snapshots s LEFT JOIN texts t ON t.sha256 = s.text_sha256
            WHERE s.id = @id
            """, new { id }, cancellationToken);
        return row is { } r ? Encoding.UTF8.GetString(Verified(id, "text", r.Sha256, r.Encoding, r.Data)) : null;
    }

    /// <summary>Stored bytes decompressed and checked against the hash they are stored under.</summary>
    private static byte[] Verified(long snapshotId, string what, string sha256, string? encoding, byte[]? data, DeltaBase? deltaBase = null)
    {
        if (encoding is null || data is null)
        {
            throw new DamagedEvidenceException(snapshotId, what, sha256, FixityProblems.Missing);
        }

        return BodyCodec.Open(encoding, data, sha256, out var bytes, out _, deltaBase) switch
        {
            StoredBytesProblem.Unreadable => throw new DamagedEvidenceException(snapshotId, what, sha256, FixityProblems.Unreadable),
            StoredBytesProblem.Mismatch => throw new DamagedEvidenceException(snapshotId, what, sha256, FixityProblems.Mismatch),
            _ => bytes,
        };
    }

    /// <summary>
    /// The newest snapshot of a citation taken by an <c>ok</c> check: the baseline for change detection. A web archive's
    /// capture is the baseline only until the monitor has a confirmed capture of its own.
    /// </summary>
    public async Task<SnapshotRow?> LatestOkAsync(long citationId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<SnapshotRow>(
            $"""
            SELECT {Columns} FROM snapshots s
            WHERE s.citation_id = @citationId AND s.check_status = @ok AND s.unconfirmed = @unconfirmed
            ORDER BY CASE WHEN s.origin = 'monitor' THEN 0 ELSE 1 END, s.id DESC
            LIMIT 1
            """, new { citationId, ok = CheckStatus.Ok, unconfirmed = false }, cancellationToken);
    }

    /// <summary>The text stored under a hash, decompressed (not verified: for comparison, not for evidence); null when none is.</summary>
    public async Task<string?> TextByHashAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<(string Encoding, byte[] Data)?>(
            "SELECT t.encoding, t.data FROM texts t WHERE t.sha256 = @sha256", new { sha256 }, cancellationToken);
        return row is { } r ? Encoding.UTF8.GetString(BodyCodec.Decompress(r.Encoding, r.Data)) : null;
    }

    /// <inheritdoc/>
    public async Task<string?> ReusableTextAsync(string bodySha256, string textSha256, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<(string Encoding, byte[] Data, bool BodyKept)?>(
            "SELECT t.encoding, t.data, EXISTS (SELECT 1 FROM bodies WHERE sha256 = @bodySha256) FROM texts t WHERE t.sha256 = @textSha256",
            new { bodySha256, textSha256 }, cancellationToken);
        return row is { BodyKept: true } r && BodyCodec.Open(r.Encoding, r.Data, textSha256, out var bytes, out _) == StoredBytesProblem.None
            ? Encoding.UTF8.GetString(bytes)
            : null;
    }

    /// <inheritdoc/>
    public async Task<StoredBody?> BodyAsync(string bodySha256, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<RawRow>(
            """
            SELECT b.sha256, b.encoding, b.data, b.base_sha256, k.encoding AS base_encoding, k.data AS base_data
            FROM bodies b LEFT JOIN bodies k ON k.sha256 = b.base_sha256
            WHERE b.sha256 = @bodySha256 AND b.byte_length <= @max
            """, new { bodySha256, max = BodyCodec.MaxDeltaBytes }, cancellationToken);
        if (row?.Encoding is null || row.Data is null)
        {
            return null;
        }

        // A delta's base is decompressed once: checked against its hash here, then handed to the delta as it is, and
        // kept as what a body after this one is compressed against.
        DeltaSource? source = null;
        DeltaBase? deltaBase = null;
        if (row.BaseSha256 is { } baseSha256)
        {
            if (row.BaseEncoding is null || row.BaseData is null
                || BodyCodec.Open(row.BaseEncoding, row.BaseData, baseSha256, out var baseBytes, out _) != StoredBytesProblem.None)
            {
                return null;
            }

            source = new DeltaSource(baseSha256, baseBytes);
            deltaBase = new DeltaBase(baseSha256, BodyCodec.Identity, baseBytes);
        }

        return BodyCodec.Open(row.Encoding, row.Data, row.Sha256, out var bytes, out _, deltaBase) == StoredBytesProblem.None
            ? new StoredBody(bytes, source ?? new DeltaSource(row.Sha256, bytes))
            : null;
    }

    /// <summary>Which of a body hash and a text hash are already stored, so only new content is compressed.</summary>
    public async Task<(bool Body, bool Text)> StoredAsync(string bodySha256, string textSha256, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleAsync<(bool, bool)>(
            """
            SELECT EXISTS (SELECT 1 FROM bodies WHERE sha256 = @bodySha256),
                   EXISTS (SELECT 1 FROM texts WHERE sha256 = @textSha256)
            """, new { bodySha256, textSha256 }, cancellationToken);
    }

    /// <summary>Stores compressed bytes under their hash; a hash already there (another writer won) is left as it is.</summary>
    public Task StoreBodyAsync(
        UnitOfWork work, string sha256, long byteLength, Compressed data, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            """
            INSERT INTO bodies (sha256, byte_length, encoding, data, created_at, base_sha256)
            VALUES (@sha256, @byteLength, @Encoding, @Data, @createdAt, @BaseSha256)
            ON CONFLICT (sha256) DO NOTHING
            """, new { sha256, byteLength, data.Encoding, data.Data, createdAt, data.BaseSha256 }, cancellationToken);

    public Task StoreTextAsync(UnitOfWork work, string sha256, int charLength, Compressed data, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            """
            INSERT INTO texts (sha256, char_length, encoding, data)
            VALUES (@sha256, @charLength, @Encoding, @Data)
            ON CONFLICT (sha256) DO NOTHING
            """, new { sha256, charLength, data.Encoding, data.Data }, cancellationToken);

    /// <summary>
    /// Stores a capture of the monitor's own as a snapshot (its body and text stored already, in the same unit; its id,
    /// origin, archive fields and chain hashes left out); returns its id.
    /// </summary>
    public Task<long> InsertCaptureAsync(UnitOfWork work, SnapshotRow snapshot, CancellationToken cancellationToken) =>
        work.ScalarAsync<long>(
            """
            INSERT INTO snapshots (citation_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                                   byte_length, sha256, text_sha256, truncated, title, unconfirmed, etag, last_modified,
                                   request_method, request_url, request_headers, http_version, reason_phrase, response_headers,
                                   extraction)
            VALUES (@CitationId, @CapturedAt, @Url, @FinalUrl, @HttpStatus, @CheckStatus, @ContentType, @Kind,
                    @ByteLength, @Sha256, @TextSha256, @Truncated, @Title, @Unconfirmed, @ETag, @LastModified,
                    @RequestMethod, @RequestUrl, @RequestHeaders, @HttpVersion, @ReasonPhrase, @ResponseHeaders,
                    @Extraction)
            RETURNING id
            """, SealedTimes(snapshot, snapshot.CapturedAt, null), cancellationToken);

    /// <summary>
    /// Stores a document's uploaded file as a snapshot of that document with origin <c>upload</c> (its body and text
    /// must be stored already, in the same unit); returns its id. The one place such snapshots are written.
    /// </summary>
    public Task<long> InsertUploadAsync(UnitOfWork work, UploadSnapshot upload, CancellationToken cancellationToken) =>
        work.ScalarAsync<long>(
            """
            INSERT INTO snapshots (document_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                                   byte_length, sha256, text_sha256, truncated, title, origin)
            VALUES (@DocumentId, @CapturedAt, @Url, @Url, 0, @ok, @ContentType, @Kind,
                    @ByteLength, @Sha256, @TextSha256, @truncated, @Title, 'upload')
            RETURNING id
            """,
            new
            {
                upload.DocumentId, CapturedAt = DbTime.ToDb(upload.CapturedAt), upload.Url, upload.ContentType, upload.Kind, upload.ByteLength, upload.Sha256,
                upload.TextSha256, upload.Title, ok = CheckStatus.Ok, truncated = false,
            },
            cancellationToken);

    /// <summary>
    /// Stores a web archive's capture of a citation as a snapshot with origin <c>web-archive</c> (its body and text must be
    /// stored already, in the same unit); returns its id. The one place such snapshots are written.
    /// </summary>
    public Task<long> InsertWebArchiveAsync(UnitOfWork work, WebArchiveSnapshot snapshot, CancellationToken cancellationToken) =>
        work.ScalarAsync<long>(
            """
            INSERT INTO snapshots (citation_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                                   byte_length, sha256, text_sha256, truncated, title, unconfirmed, origin, archive_url, archive_datetime,
                                   extraction)
            VALUES (@CitationId, @CapturedAt, @Url, @FinalUrl, @HttpStatus, @CheckStatus, @ContentType, @Kind,
                    @ByteLength, @Sha256, @TextSha256, @Truncated, @Title, @Unconfirmed, 'web-archive', @ArchiveUrl, @ArchiveDatetime,
                    @Extraction)
            RETURNING id
            """, SealedTimes(snapshot, snapshot.CapturedAt, snapshot.ArchiveDatetime), cancellationToken);

    /// <summary>
    /// The parameters of <paramref name="template"/>, with the two times the hash chain seals as the text stored on both
    /// engines (<c>captured_at</c> and <c>archive_datetime</c> are text in PostgreSQL too: see its schema).
    /// </summary>
    private static DynamicParameters SealedTimes(object template, DateTimeOffset capturedAt, DateTimeOffset? archiveDatetime)
    {
        var parameters = new DynamicParameters(template);
        parameters.Add("CapturedAt", DbTime.ToDb(capturedAt));
        parameters.Add("ArchiveDatetime", DbTime.ToDb(archiveDatetime));
        return parameters;
    }
}

/// <summary>
/// A web archive's capture to store as a snapshot: <see cref="FinalUrl"/> is the URL the archive captured,
/// <see cref="ArchiveUrl"/> the archive's URL of the capture, <see cref="ArchiveDatetime"/> when the archive made it and
/// <see cref="CapturedAt"/> when the monitor fetched it from the archive; <see cref="Extraction"/> the stamp of its text.
/// </summary>
internal sealed record WebArchiveSnapshot(
    long CitationId, DateTimeOffset CapturedAt, string Url, string FinalUrl, int HttpStatus, string? ContentType, string Kind,
    long ByteLength, string Sha256, string TextSha256, bool Truncated, string? Title, string ArchiveUrl, DateTimeOffset ArchiveDatetime,
    string Extraction)
{
    /// <summary>A web archive's capture is what the archive holds: it never awaits confirmation.</summary>
    public bool Unconfirmed => false;

    /// <summary>The archive kept a working page (the CDX search asks for 200s only).</summary>
    public CheckStatus CheckStatus => CheckStatus.Ok;
}

/// <summary>
/// A document's uploaded file to store as a snapshot: <see cref="Url"/> is the document's own address, or
/// <see cref="UploadSnapshot.UrnOf"/> when it has none; <see cref="Kind"/> is the kind of document it was read as.
/// </summary>
internal sealed record UploadSnapshot(
    long DocumentId, DateTimeOffset CapturedAt, string Url, string? ContentType, string Kind, long ByteLength, string Sha256,
    string TextSha256, string Title)
{
    /// <summary>The name of a document's file when the document has no address of its own (as migration 0017 writes it).</summary>
    public static string UrnOf(long documentId) => $"urn:citation-monitor:document:{documentId}";
}

/// <summary>
/// Bytes as stored: compressed per <see cref="Encoding"/>; for a delta, <see cref="BaseSha256"/> names the body kept whole
/// it was compressed against.
/// </summary>
internal sealed record Compressed(string Encoding, byte[] Data, string? BaseSha256 = null)
{
    public static Compressed Of(byte[] bytes)
    {
        var (encoding, data) = BodyCodec.Compress(bytes);
        return new Compressed(encoding, data);
    }

    /// <summary>
    /// A body compressed against <paramref name="source"/> when that pays (see <see cref="BodyCodec.CompressAgainst"/>),
    /// otherwise kept whole.
    /// </summary>
    public static Compressed Of(byte[] bytes, DeltaSource? source) =>
        source is { } s && BodyCodec.CompressAgainst(bytes, s.Bytes) is { } delta
            ? new Compressed(BodyCodec.ZstdDelta, delta, s.Sha256)
            : Of(bytes);
}

/// <summary>A body kept whole that a new body of the same source may be compressed against: its key and its bytes, verified.</summary>
internal sealed record DeltaSource(string Sha256, byte[] Bytes);

/// <summary>A kept body's bytes, verified, and the body kept whole a body after it may be compressed against.</summary>
internal sealed record StoredBody(byte[] Bytes, DeltaSource DeltaSource);
