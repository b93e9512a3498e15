using System.Runtime.CompilerServices;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Fixity;

/// <summary>A chain head an earlier fixity run recorded, with when the run started (as stored, for messages).</summary>
internal sealed record RecordedHead(long Id, string Hash, long RunId, DateTimeOffset StartedAt)
{
    /// <summary>When the run started, as messages name it: as stored.</summary>
    public string Started => DbTime.ToDb(StartedAt);
}

/// <summary>
/// The SQL of the snapshot hash chain (<see cref="SnapshotChain"/>): the chain's rows in id order with their stored
/// values, the last sealed row, the seal of one row, and the heads earlier fixity runs recorded. Always within the
/// caller's unit of work, so that sealing reads and writes under one write lock.
/// </summary>
internal static class SnapshotChainStore
{
    /// <summary>The last sealed snapshot and its record hash; null while none is sealed.</summary>
    public static Task<(long Id, string Hash)?> LastSealedAsync(UnitOfWork work, CancellationToken cancellationToken) =>
        work.SingleOrDefaultAsync<(long Id, string Hash)?>(
            "SELECT id, record_hash FROM snapshots WHERE record_hash IS NOT NULL ORDER BY id DESC LIMIT 1", null, cancellationToken);

    /// <summary>Up to <paramref name="limit"/> snapshots after <paramref name="afterId"/> and up to <paramref name="upToId"/>, in id order.</summary>
    public static async Task<List<ChainedRow>> AfterAsync(
        UnitOfWork work, long afterId, long upToId, int limit, CancellationToken cancellationToken)
    {
        var rows = new List<ChainedRow>();
        await foreach (var row in ReadAsync(
            work, $"SELECT {SnapshotChain.Columns} FROM snapshots WHERE id > @afterId AND id <= @upToId ORDER BY id LIMIT @limit",
            new { afterId, upToId, limit }, cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Every snapshot in id order, one row at a time: memory stays bounded however long the chain is.</summary>
    public static IAsyncEnumerable<ChainedRow> InOrderAsync(UnitOfWork work, CancellationToken cancellationToken) =>
        ReadAsync(work, $"SELECT {SnapshotChain.Columns} FROM snapshots ORDER BY id", null, cancellationToken);

    public static Task SealAsync(UnitOfWork work, long id, string? prevHash, string recordHash, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            "UPDATE snapshots SET prev_hash = @prevHash, record_hash = @recordHash WHERE id = @id", new { id, prevHash, recordHash },
            cancellationToken);

    /// <summary>Chain heads recorded by earlier runs that found the chain intact, earliest record per row, in id order.</summary>
    public static async Task<List<RecordedHead>> RecordedHeadsAsync(UnitOfWork work, CancellationToken cancellationToken)
    {
        var rows = await work.QueryAsync<RecordedHead>(
            """
            SELECT chain_head_id AS Id, chain_head_hash AS Hash, id AS RunId, started_at AS StartedAt
            FROM fixity_runs
            WHERE chain_intact = @intact AND chain_head_id IS NOT NULL
            ORDER BY id
            """, new { intact = true }, cancellationToken);
        return [.. rows.GroupBy(h => h.Id).Select(g => g.First()).OrderBy(h => h.Id)];
    }

    private static async IAsyncEnumerable<ChainedRow> ReadAsync(
        UnitOfWork work, string sql, object? parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await work.ReaderAsync(sql, parameters, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return SnapshotChain.Read(reader);
        }
    }
}
