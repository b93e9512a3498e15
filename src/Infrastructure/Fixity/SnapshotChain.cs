using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Fixity;

/// <summary>
/// The hash chain over snapshots: each row's <c>record_hash</c> is the SHA-256 of the canonical form of its fields and of
/// <c>prev_hash</c>, the <c>record_hash</c> of the snapshot before it in id order (null for the first). Editing a sealed
/// row, removing one, or re-dating one breaks the chain at that row or the next.
/// <para>
/// Canonical form, version 1: the UTF-8 bytes of <see cref="FormatVersion"/> and a line feed, then for each column of
/// <see cref="Fields"/> in that order whose value is not null, <c>name:length:value</c> and a line feed (length in UTF-8
/// bytes, integers in decimal, text as stored), then <c>prev_hash:length:value</c> and a line feed when there is one.
/// Null columns are left out, so a nullable column added later does not change the hash of the rows sealed before it;
/// a column added later must therefore be nullable, or be appended here with its default left out too.
/// </para>
/// </summary>
internal static class SnapshotChain
{
    public const string FormatVersion = "citation-monitor/snapshot-record/1";

    /// <summary>
    /// Every column of <c>snapshots</c> but the chain's own two and <c>extraction</c> (which extractor produced the text:
    /// a fact about the monitor, not the capture, whose text is sealed by <c>text_sha256</c>), in the order they are
    /// hashed. Never reorder.
    /// </summary>
    public static readonly IReadOnlyList<string> Fields =
    [
        "id", "citation_id", "captured_at", "url", "final_url", "http_status", "check_status", "content_type", "kind",
        "byte_length", "sha256", "text_sha256", "truncated", "title", "unconfirmed", "etag", "last_modified",
        "request_method", "request_url", "request_headers", "http_version", "reason_phrase", "response_headers",
        "origin", "archive_url", "archive_datetime", "document_id",
    ];

    /// <summary>The select list of a chained row: <see cref="Fields"/>, then prev_hash and record_hash.</summary>
    public static readonly string Columns = string.Join(", ", Fields) + ", prev_hash, record_hash";

    /// <summary>Rows sealed per transaction when a whole unsealed tail is sealed.</summary>
    private const int SealBatch = 500;

    /// <summary>
    /// Seals a snapshot just inserted, inside the transaction that inserted it: it reads the previous record's hash under
    /// the same write lock, so two processes writing to one database still form one chain. SQLite serializes writers;
    /// on PostgreSQL the unit holds <see cref="DbLock.SnapshotChain"/> from before its insert, so ids are sealed in the
    /// order they were committed.
    /// Unsealed snapshots before it (from before the chain existed) are sealed first, in id order. A snapshot that is
    /// already sealed, or that lies before the last sealed one, is left alone: a gap inside the chain is for the
    /// verification to report, never to paper over.
    /// </summary>
    public static async Task SealAsync(UnitOfWork work, long snapshotId, CancellationToken cancellationToken)
    {
        while (await SealTailAsync(work, snapshotId, SealBatch, cancellationToken) == SealBatch)
        {
        }
    }

    /// <summary>Seals every unsealed snapshot after the last sealed one, a batch per transaction; returns how many.</summary>
    public static async Task<int> SealPendingAsync(IDbConnectionFactory connections, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var work = await connections.BeginAsync(cancellationToken);
            await work.Dialect.LockAsync(work, DbLock.SnapshotChain, cancellationToken);
            var sealedNow = await SealTailAsync(work, long.MaxValue, SealBatch, cancellationToken);
            await work.CommitAsync(cancellationToken);
            total += sealedNow;
            if (sealedNow < SealBatch)
            {
                return total;
            }
        }
    }

    /// <summary>The record hash of a row's field values (in <see cref="Fields"/> order) chained to <paramref name="prevHash"/>.</summary>
    public static string RecordHash(IReadOnlyList<object?> values, string? prevHash)
    {
        var canonical = new StringBuilder(1024).Append(FormatVersion).Append('\n');
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Canonical(values[i]) is { } value)
            {
                Append(canonical, Fields[i], value);
            }
        }

        if (prevHash is not null)
        {
            Append(canonical, "prev_hash", prevHash);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>Reads a row selected with <see cref="Columns"/>: its field values, prev_hash and record_hash.</summary>
    public static ChainedRow Read(DbDataReader reader)
    {
        var values = new object?[Fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        var prev = reader.IsDBNull(Fields.Count) ? null : reader.GetString(Fields.Count);
        var record = reader.IsDBNull(Fields.Count + 1) ? null : reader.GetString(Fields.Count + 1);
        return new ChainedRow(Convert.ToInt64(values[0], CultureInfo.InvariantCulture), values, prev, record);
    }

    private static async Task<int> SealTailAsync(UnitOfWork work, long upToId, int limit, CancellationToken cancellationToken)
    {
        var last = await SnapshotChainStore.LastSealedAsync(work, cancellationToken);
        var prev = last?.Hash;
        var rows = await SnapshotChainStore.AfterAsync(work, last?.Id ?? 0, upToId, limit, cancellationToken);
        foreach (var row in rows)
        {
            var hash = RecordHash(row.Values, prev);
            await SnapshotChainStore.SealAsync(work, row.Id, prev, hash, cancellationToken);
            prev = hash;
        }

        return rows.Count;
    }

    private static void Append(StringBuilder canonical, string name, string value) =>
        canonical.Append(name).Append(':').Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture))
            .Append(':').Append(value).Append('\n');

    private static string? Canonical(object? value) => value switch
    {
        null or DBNull => null,
        string text => text,
        bool flag => flag ? "1" : "0",
        byte[] bytes => Convert.ToHexStringLower(bytes),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

/// <summary>One snapshot as the chain sees it: its id, its field values in <see cref="SnapshotChain.Fields"/> order and its two hashes.</summary>
internal sealed record ChainedRow(long Id, object?[] Values, string? PrevHash, string? RecordHash);
