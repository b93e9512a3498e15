using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.Infrastructure.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Fixity;

/// <summary>How a request to start a run ended: started (with the run's id) or refused because one is in progress.</summary>
internal sealed record FixityStart(bool Started, long? RunId);

/// <summary>
/// One fixity run: seals any unsealed tail of the hash chain, re-reads every stored body and text in small batches (each on
/// its own short connection, with a pause between batches so checks never wait long for the database), recomputes each
/// SHA-256 and compares it with the key it is stored under, finds snapshots whose body or text is gone, verifies the hash
/// chain, and records it all. A lease in the database keeps runs one at a time across every process sharing it.
/// </summary>
internal sealed class FixityRunner(
    IDbConnectionFactory connections,
    FixityStore store,
    ChainVerifier chain,
    IOptions<FixityOptions> options,
    TimeProvider time,
    ILogger<FixityRunner> logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;

    public const string Scheduled = "schedule";
    public const string Requested = "request";

    /// <summary>How long the lease holds without renewal; renewed after every batch.</summary>
    internal static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);

    /// <summary>When the next scheduled run is due: <see cref="FixityOptions.Interval"/> after the last one started.</summary>
    public async Task<DateTimeOffset> NextRunAtAsync(CancellationToken cancellationToken) =>
        await store.LastStartedAsync(cancellationToken) is { } last ? last + options.Value.Interval : time.GetUtcNow();

    /// <summary>Runs now, in this call, when a run is due and no other process is running one; the scheduler's entry.</summary>
    public async Task<long?> RunIfDueAsync(CancellationToken cancellationToken)
    {
        if (await NextRunAtAsync(cancellationToken) > time.GetUtcNow())
        {
            return null;
        }

        var owner = LeaseOwners.New();
        if (!await store.TryAcquireLeaseAsync(owner, LeaseDuration, cancellationToken))
        {
            return null;
        }

        // Another process may have finished a run between the look above and taking the lease.
        if (await NextRunAtAsync(cancellationToken) > time.GetUtcNow())
        {
            await store.ReleaseLeaseAsync(owner, CancellationToken.None);
            return null;
        }

        var runId = await store.StartRunAsync(Scheduled, cancellationToken);
        await RunAsync(runId, owner, cancellationToken);
        return runId;
    }

    /// <summary>Starts a run in the background unless one is in progress anywhere; the API's entry.</summary>
    public async Task<FixityStart> StartAsync(CancellationToken cancellationToken)
    {
        var owner = LeaseOwners.New();
        if (!await store.TryAcquireLeaseAsync(owner, LeaseDuration, cancellationToken))
        {
            return new FixityStart(false, null);
        }

        var runId = await store.StartRunAsync(Requested, cancellationToken);
        _background = Task.Run(() => RunAsync(runId, owner, _stopping.Token), CancellationToken.None);
        return new FixityStart(true, runId);
    }

    /// <summary>On shutdown a run started in the background stops at its next step and is recorded as interrupted.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _background;
        _stopping.Dispose();
    }

    /// <summary>Runs with the lease held by <paramref name="owner"/>, and gives it back at the end whatever happens.</summary>
    private async Task RunAsync(long runId, string owner, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        ChainReport? report = null;
        string? error = null;
        try
        {
            var sealedNow = await SnapshotChain.SealPendingAsync(connections, cancellationToken);
            if (sealedNow > 0)
            {
                logger.LogInformation("Fixity run {RunId}: sealed {Count} snapshot(s) not yet in the hash chain", runId, sealedNow);
            }

            await VerifyAllAsync(runId, owner, StoredContent.Bodies, cancellationToken);
            await VerifyAllAsync(runId, owner, StoredContent.Texts, cancellationToken);
            await RecordMissingAsync(runId, StoredContent.Bodies, cancellationToken);
            await RecordMissingAsync(runId, StoredContent.Texts, cancellationToken);

            report = await chain.VerifyAsync(cancellationToken);
            LogChain(runId, report);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error = "interrupted";
            logger.LogWarning("Fixity run {RunId} interrupted by shutdown", runId);
        }
        catch (Exception ex)
        {
            error = ex.Message;
            logger.LogError(ex, "Fixity run {RunId} failed", runId);
        }
        finally
        {
            await store.FinishRunAsync(runId, report, error, CancellationToken.None);
            await store.ReleaseLeaseAsync(owner, CancellationToken.None);
        }

        if (error is null && await store.GetRunAsync(runId, CancellationToken.None) is { } run)
        {
            logger.Log(
                run.FailureCount == 0 && report!.Intact ? LogLevel.Information : LogLevel.Error,
                "Fixity run {RunId} done in {Elapsed}: {Bodies} bodies and {Texts} texts verified, {Failures} failure(s), chain {ChainState}",
                runId, time.GetElapsedTime(started), run.BodiesVerified, run.TextsVerified, run.FailureCount, report!.Intact ? "intact" : "broken");
        }
    }

    private async Task VerifyAllAsync(long runId, string owner, StoredContent content, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var after = "";
        while (true)
        {
            var batch = await store.NextBatchAsync(content, after, settings.BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }

            var verified = new List<string>(batch.Count);
            var failures = new List<FixityFailure>();
            foreach (var item in batch)
            {
                if (Verify(item) is { } problem)
                {
                    var snapshots = await store.SnapshotIdsAsync(content, item.Sha256, cancellationToken);
                    failures.Add(Failed(runId, content, item.Sha256, problem.Problem, problem.Detail, snapshots));
                }
                else
                {
                    verified.Add(item.Sha256);
                }
            }

            await store.RecordBatchAsync(runId, content, verified, failures, cancellationToken);
            MonitorMetrics.FixityFailed(failures.Count);
            if (!await store.RenewLeaseAsync(owner, LeaseDuration, cancellationToken))
            {
                throw new InvalidOperationException("The fixity lease was lost to another process; this run stops.");
            }

            after = batch[^1].Sha256;
            if (batch.Count < settings.BatchSize)
            {
                return;
            }

            await Task.Delay(settings.BatchPause, time, cancellationToken);
        }
    }

    private async Task RecordMissingAsync(long runId, StoredContent content, CancellationToken cancellationToken)
    {
        var missing = await store.MissingAsync(content, cancellationToken);
        if (missing.Count == 0)
        {
            return;
        }

        var failures = missing
            .Select(m => Failed(runId, content, m.Sha256, FixityProblems.Missing, $"No {content.Target} is stored under this hash.", m.SnapshotIds))
            .ToList();
        await store.RecordBatchAsync(runId, content, [], failures, cancellationToken);
        MonitorMetrics.FixityFailed(failures.Count);
    }

    /// <summary>Null when the stored bytes decompress and hash to their key; otherwise the problem and what was seen.</summary>
    internal static (string Problem, string Detail)? Verify(StoredItem item) =>
        BodyCodec.Open(item.Encoding, item.Data, item.Sha256, out _, out var detail, item.DeltaBase) switch
        {
            StoredBytesProblem.Unreadable => (FixityProblems.Unreadable, detail!),
            StoredBytesProblem.Mismatch => (FixityProblems.Mismatch, detail!),
            _ => null,
        };

    private FixityFailure Failed(long runId, StoredContent content, string sha256, string problem, string detail, IReadOnlyList<long> snapshots)
    {
        logger.LogError(
            "Fixity run {RunId}: {Target} {Sha256} of snapshot(s) {SnapshotIds} is {Problem}: {Detail}",
            runId, content.Target, sha256, string.Join(", ", snapshots), problem, detail);
        return new FixityFailure(content.Target, sha256, problem, detail, snapshots);
    }

    private void LogChain(long runId, ChainReport report)
    {
        if (report.FirstBroken is { } broken)
        {
            logger.LogError(
                "Fixity run {RunId}: the snapshot hash chain is broken at snapshot {SnapshotId} ({Problem}): {Detail}",
                runId, broken.SnapshotId, broken.Problem, broken.Detail);
            return;
        }

        logger.LogInformation(
            "Fixity run {RunId}: snapshot hash chain intact, {Length} records, head snapshot {HeadId} record hash {HeadHash}",
            runId, report.Length, report.HeadSnapshotId, report.HeadRecordHash);
    }
}

internal static class FixityProblems
{
    /// <summary>The stored bytes decompress, but to bytes whose SHA-256 is not their key.</summary>
    public const string Mismatch = "mismatch";

    /// <summary>The stored bytes cannot be decompressed (a flipped bit in Brotli data usually ends here).</summary>
    public const string Unreadable = "unreadable";

    /// <summary>A snapshot refers to a hash that has no stored body or text.</summary>
    public const string Missing = "missing";
}
