using System.Text.Json;
using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.Fixity;

/// <summary>A stored body or text that failed verification, with the snapshots that rely on it.</summary>
internal sealed record FixityFailure(string Target, string Sha256, string Problem, string? Detail, IReadOnlyList<long> SnapshotIds);

internal sealed class FixityRunRow
{
    public long Id { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string TriggerKind { get; init; } = "";
    public long BodiesVerified { get; init; }
    public long TextsVerified { get; init; }
    public long FailureCount { get; init; }
    public bool? ChainIntact { get; init; }
    public long? ChainLength { get; init; }
    public long? ChainHeadId { get; init; }
    public string? ChainHeadHash { get; init; }
    public long? ChainBrokenId { get; init; }
    public string? ChainProblem { get; init; }
    public string? Error { get; init; }
}

/// <summary>Fixity runs, their failures, the stored bodies and texts they read, and the lease that keeps runs one at a time.</summary>
internal sealed class FixityStore(IDbConnectionFactory connections, TimeProvider time)
{
    public const string LeaseName = "fixity";

    private const string RunColumns =
        """
        id, started_at, finished_at, trigger_kind, bodies_verified, texts_verified, failure_count, chain_intact, chain_length,
        chain_head_id, chain_head_hash, chain_broken_id, chain_problem, error
        """;

    /// <summary>
    /// Takes the lease unless another owner holds it and it has not expired; true when taken. A lease held by a process
    /// of this machine that no longer runs (killed during a run) is given back first, as citation leases are.
    /// </summary>
    public async Task<bool> TryAcquireLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await connections.ConnectAsync(cancellationToken);
        await ReleaseAbandonedAsync(work, cancellationToken);
        var taken = await work.ExecuteAsync(
            """
            INSERT INTO job_leases (name, owner, expires_at) VALUES (@LeaseName, @owner, @until)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE job_leases.expires_at <= @now
            """, new { LeaseName, owner, until = now + duration, now }, cancellationToken);
        return taken == 1;
    }

    /// <summary>Extends the lease; false when it was lost (expired and taken by another process).</summary>
    public async Task<bool> RenewLeaseAsync(string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.ExecuteAsync(
            "UPDATE job_leases SET expires_at = @until WHERE name = @LeaseName AND owner = @owner",
            new { LeaseName, owner, until = time.GetUtcNow() + duration }, cancellationToken) == 1;
    }

    private static async Task ReleaseAbandonedAsync(UnitOfWork work, CancellationToken cancellationToken)
    {
        var holder = await work.SingleOrDefaultAsync<string>("SELECT owner FROM job_leases WHERE name = @LeaseName", new { LeaseName }, cancellationToken);
        if (holder is not null && LeaseOwners.IsDeadLocal(holder))
        {
            await work.ExecuteAsync("DELETE FROM job_leases WHERE name = @LeaseName AND owner = @holder", new { LeaseName, holder }, cancellationToken);
        }
    }

    public async Task ReleaseLeaseAsync(string owner, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync("DELETE FROM job_leases WHERE name = @LeaseName AND owner = @owner", new { LeaseName, owner }, cancellationToken);
    }

    /// <summary>Whether some running process holds the lease now.</summary>
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await ReleaseAbandonedAsync(work, cancellationToken);
        return await work.ScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM job_leases WHERE name = @LeaseName AND expires_at > @now)",
            new { LeaseName, now = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>
    /// Starts a run record (with the lease held). Runs left unfinished by a process that died are closed first, marked as
    /// interrupted, so that only this one reads as in progress.
    /// </summary>
    public async Task<long> StartRunAsync(string trigger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await connections.BeginAsync(cancellationToken);
        await work.ExecuteAsync(
            "UPDATE fixity_runs SET finished_at = @now, error = 'interrupted' WHERE finished_at IS NULL", new { now }, cancellationToken);
        var id = await work.ScalarAsync<long>(
            "INSERT INTO fixity_runs (started_at, trigger_kind) VALUES (@now, @trigger) RETURNING id", new { now, trigger }, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>When the newest run started, finished or not; null when none ever did.</summary>
    public async Task<DateTimeOffset?> LastStartedAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.ScalarAsync<DateTimeOffset?>("SELECT MAX(started_at) FROM fixity_runs", null, cancellationToken);
    }

    public async Task<FixityRunRow?> LatestRunAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<FixityRunRow>($"SELECT {RunColumns} FROM fixity_runs ORDER BY id DESC LIMIT 1", null, cancellationToken);
    }

    public async Task<FixityRunRow?> GetRunAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<FixityRunRow>($"SELECT {RunColumns} FROM fixity_runs WHERE id = @id", new { id }, cancellationToken);
    }

    public async Task<IReadOnlyList<FixityFailure>> FailuresAsync(long runId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var rows = await work.QueryAsync<(string Target, string Sha256, string Problem, string? Detail, string SnapshotIds)>(
            "SELECT target, sha256, problem, detail, snapshot_ids FROM fixity_failures WHERE run_id = @runId ORDER BY id",
            new { runId }, cancellationToken);
        return [.. rows.Select(r => new FixityFailure(r.Target, r.Sha256, r.Problem, r.Detail, JsonSerializer.Deserialize<long[]>(r.SnapshotIds) ?? []))];
    }

    /// <summary>
    /// Records one batch's outcome: the failures, the items verified (their <c>last_verified_at</c>) and the run's running
    /// totals, in one short transaction.
    /// </summary>
    public async Task RecordBatchAsync(
        long runId, StoredContent content, IReadOnlyCollection<string> verified, IReadOnlyList<FixityFailure> failures,
        CancellationToken cancellationToken)
    {
        await using var work = await connections.BeginAsync(cancellationToken);
        if (verified.Count > 0)
        {
            await work.ExecuteAsync(
                $"UPDATE {content.Table} SET last_verified_at = @now WHERE {work.Dialect.InList("sha256", "@verified")}",
                new { now = time.GetUtcNow(), verified = work.Dialect.Texts(verified) },
                cancellationToken);
        }

        foreach (var failure in failures)
        {
            await work.ExecuteAsync(
                """
                INSERT INTO fixity_failures (run_id, target, sha256, problem, detail, snapshot_ids)
                VALUES (@runId, @Target, @Sha256, @Problem, @Detail, @snapshotIds)
                """,
                new { runId, failure.Target, failure.Sha256, failure.Problem, failure.Detail, snapshotIds = JsonSerializer.Serialize(failure.SnapshotIds) },
                cancellationToken);
        }

        await work.ExecuteAsync(
            $"""
            UPDATE fixity_runs SET {content.VerifiedColumn} = {content.VerifiedColumn} + @count, failure_count = failure_count + @failed
            WHERE id = @runId
            """, new { runId, count = verified.Count + failures.Count, failed = failures.Count }, cancellationToken);
        await work.CommitAsync(cancellationToken);
    }

    public async Task FinishRunAsync(long runId, ChainReport? chain, string? error, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync(
            """
            UPDATE fixity_runs SET finished_at = @now, chain_intact = @intact, chain_length = @length, chain_head_id = @headId,
                chain_head_hash = @headHash, chain_broken_id = @brokenId, chain_problem = @problem, error = @error
            WHERE id = @runId
            """,
            new
            {
                runId,
                now = time.GetUtcNow(),
                intact = chain?.Intact,
                length = chain?.Length,
                headId = chain?.HeadSnapshotId,
                headHash = chain?.HeadRecordHash,
                brokenId = chain?.FirstBroken?.SnapshotId,
                problem = chain?.FirstBroken?.Problem,
                error,
            }, cancellationToken);
    }

    /// <summary>The next batch of stored items after <paramref name="after"/> in key order, with their compressed bytes.</summary>
    public async Task<IReadOnlyList<StoredItem>> NextBatchAsync(StoredContent content, string after, int size, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.QueryAsync<StoredItem>(
            $"""
            SELECT c.sha256, c.encoding, c.data, {content.BaseColumns}
            FROM {content.Table} c {content.BaseJoin}
            WHERE c.sha256 > @after ORDER BY c.sha256 LIMIT @size
            """, new { after, size },
            cancellationToken);
    }

    /// <summary>The snapshots that rely on one stored item.</summary>
    public async Task<IReadOnlyList<long>> SnapshotIdsAsync(StoredContent content, string sha256, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.QueryAsync<long>(
            $"SELECT id FROM snapshots WHERE {content.SnapshotColumn} = @sha256 ORDER BY id", new { sha256 }, cancellationToken);
    }

    /// <summary>Snapshots whose body (or text) has no stored row at all, grouped by the missing hash.</summary>
    public async Task<IReadOnlyList<(string Sha256, IReadOnlyList<long> SnapshotIds)>> MissingAsync(StoredContent content, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var rows = await work.QueryAsync<(long Id, string Sha256)>(
            $"""
            SELECT s.id, s.{content.SnapshotColumn} FROM snapshots s
            WHERE NOT EXISTS (SELECT 1 FROM {content.Table} c WHERE c.sha256 = s.{content.SnapshotColumn})
            ORDER BY s.id
            """, null, cancellationToken);
        return [.. rows.GroupBy(r => r.Sha256).Select(g => (g.Key, (IReadOnlyList<long>)[.. g.Select(r => r.Id)]))];
    }
}

/// <summary>
/// One stored body or text: its key and its bytes as stored (compressed per encoding); for a body kept as a delta, the
/// base it was compressed against, as stored (null encoding and data when that row is gone).
/// </summary>
internal sealed record StoredItem
{
    /// <summary>For the reads, which set each column by name.</summary>
    public StoredItem()
    {
    }

    public StoredItem(string sha256, string encoding, byte[] data) => (Sha256, Encoding, Data) = (sha256, encoding, data);

    public string Sha256 { get; init; } = "";

    public string Encoding { get; init; } = "";

    public byte[] Data { get; init; } = [];

    public string? BaseSha256 { get; init; }

    public string? BaseEncoding { get; init; }

    public byte[]? BaseData { get; init; }

    public DeltaBase? DeltaBase => BaseSha256 is { } sha256 ? new DeltaBase(sha256, BaseEncoding, BaseData) : null;
}

/// <summary>
/// The two content-addressed tables a fixity run reads, how snapshots refer to each, and how a row's base is read
/// with it (bodies only: a text is always kept whole).
/// </summary>
internal sealed record StoredContent(string Target, string Table, string SnapshotColumn, string VerifiedColumn, string BaseColumns, string BaseJoin)
{
    public static StoredContent Bodies { get; } = new(
        "body", "bodies", "sha256", "bodies_verified",
        "c.base_sha256, k.encoding AS base_encoding, k.data AS base_data", "LEFT JOIN bodies k ON k.sha256 = c.base_sha256");

    public static StoredContent Texts { get; } = new(
        "text", "texts", "text_sha256", "texts_verified", "NULL AS base_sha256, NULL AS base_encoding, NULL AS base_data", "");
}
