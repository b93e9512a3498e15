using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Fixity;

/// <summary>Fixity runs over bodies stored by real checks of a loopback site, damaged in the real SQLite file.</summary>
public sealed class FixityRunTests : IAsyncLifetime
{
    private EvidenceSite _site = null!;
    private MonitorServices _services = null!;

    public async Task InitializeAsync()
    {
        _site = await EvidenceSite.StartAsync();
        // Small batches, so a run goes through several of them.
        _services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fixity:BatchSize"] = "2",
            ["Monitor:Fixity:BatchPause"] = "00:00:00.010",
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _site.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task IntactStore_IsVerifiedThroughout_AndTheChainHeadIsRecorded()
    {
        await CheckAllAsync("/page/1", "/page/2", "/tiny/1", "/tiny/2");

        var run = await RunAsync();

        await using var db = await _services.OpenAsync();
        Assert.Null(run.Error);
        Assert.NotNull(run.FinishedAt);
        Assert.Equal(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bodies"), run.BodiesVerified);
        Assert.Equal(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM texts"), run.TextsVerified);
        Assert.Equal(0, run.FailureCount);
        Assert.Empty(await _services.Get<FixityStore>().FailuresAsync(run.Id, CancellationToken.None));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bodies WHERE last_verified_at IS NULL"));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM texts WHERE last_verified_at IS NULL"));
        Assert.True(run.ChainIntact);
        Assert.Equal(await db.ExecuteScalarAsync<long>("SELECT MAX(id) FROM snapshots"), run.ChainHeadId);
        Assert.Equal(await db.ExecuteScalarAsync<string>("SELECT record_hash FROM snapshots ORDER BY id DESC LIMIT 1"), run.ChainHeadHash);
    }

    [OnBothDatabases]
    public async Task FlippedByte_InABrotliAndAnIdentityBody_IsCaughtWithTheirSnapshots()
    {
        // Each checked twice unchanged: one body shared by two snapshots.
        await CheckAllAsync("/page/1", "/tiny/1", "/page/2");
        await CheckAllAsync("/page/1", "/tiny/1");
        var brotli = await BodyOfAsync("/page/1");
        var identity = await BodyOfAsync("/tiny/1");
        Assert.Equal("br", brotli.Encoding);
        Assert.Equal("identity", identity.Encoding);
        await FlipByteAsync(brotli.Sha256);
        await FlipByteAsync(identity.Sha256);

        var run = await RunAsync();

        var failures = await _services.Get<FixityStore>().FailuresAsync(run.Id, CancellationToken.None);
        Assert.Equal(2, run.FailureCount);
        Assert.Equal(2, failures.Count);
        var brotliFailure = Assert.Single(failures, f => f.Sha256 == brotli.Sha256);
        Assert.Equal("body", brotliFailure.Target);
        Assert.Contains(brotliFailure.Problem, new[] { FixityProblems.Unreadable, FixityProblems.Mismatch });
        Assert.Equal(brotli.SnapshotIds, brotliFailure.SnapshotIds);
        var identityFailure = Assert.Single(failures, f => f.Sha256 == identity.Sha256);
        Assert.Equal(FixityProblems.Mismatch, identityFailure.Problem);
        Assert.Equal(identity.SnapshotIds, identityFailure.SnapshotIds);
        Assert.Equal(2, identity.SnapshotIds.Count);

        await using var db = await _services.OpenAsync();
        Assert.Equal(
            new[] { brotli.Sha256, identity.Sha256 }.Order(),
            (await db.QueryAsync<string>("SELECT sha256 FROM bodies WHERE last_verified_at IS NULL")).Order());
        // The snapshots themselves are untouched: the chain still holds.
        Assert.True(run.ChainIntact);
    }

    [OnBothDatabases]
    public async Task DeletedBody_IsCaughtAsMissingWithItsSnapshots()
    {
        await CheckAllAsync("/page/1", "/page/2");
        await CheckAllAsync("/page/1");
        var body = await BodyOfAsync("/page/1");
        await using (var db = await _services.OpenAsync())
        {
            await db.AllowBrokenReferencesAsync();
            Assert.Equal(1, await db.ExecuteAsync("DELETE FROM bodies WHERE sha256 = @Sha256", new { body.Sha256 }));
        }

        var run = await RunAsync();

        var failure = Assert.Single(await _services.Get<FixityStore>().FailuresAsync(run.Id, CancellationToken.None));
        Assert.Equal(("body", body.Sha256, FixityProblems.Missing), (failure.Target, failure.Sha256, failure.Problem));
        Assert.Equal(body.SnapshotIds, failure.SnapshotIds);
    }

    [OnBothDatabases]
    public async Task EditedSnapshot_IsReportedByTheRunAsABrokenChain()
    {
        await CheckAllAsync("/page/1", "/page/2", "/tiny/1");
        var edited = (await BodyOfAsync("/page/2")).SnapshotIds[0];
        await using (var db = await _services.OpenAsync())
        {
            await db.ExecuteAsync("UPDATE snapshots SET final_url = 'https://elsewhere.example/' WHERE id = @edited", new { edited });
        }

        var run = await RunAsync();

        Assert.False(run.ChainIntact);
        Assert.Equal(edited, run.ChainBrokenId);
        Assert.Equal(ChainProblems.Altered, run.ChainProblem);
    }

    [OnBothDatabases]
    public async Task Runs_AreDueOncePerInterval_AndOneAtATimeAcrossProcesses()
    {
        await CheckAllAsync("/tiny/1");
        var runner = _services.Get<FixityRunner>();
        Assert.NotNull(await runner.RunIfDueAsync(CancellationToken.None));
        Assert.Null(await runner.RunIfDueAsync(CancellationToken.None));

        // Another process holds the lease: neither a requested nor a due run starts.
        var store = _services.Get<FixityStore>();
        Assert.True(await store.TryAcquireLeaseAsync("other-process", TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.True(await store.IsRunningAsync(CancellationToken.None));
        Assert.False((await runner.StartAsync(CancellationToken.None)).Started);

        await store.ReleaseLeaseAsync("other-process", CancellationToken.None);
        var start = await runner.StartAsync(CancellationToken.None);
        Assert.True(start.Started);
        Assert.True(await Eventually.TrueWithinAsync(
            async () => (await store.GetRunAsync(start.RunId!.Value, CancellationToken.None))?.FinishedAt is not null, TimeSpan.FromSeconds(20)));
        Assert.False(await store.IsRunningAsync(CancellationToken.None));
        Assert.Equal(FixityRunner.Requested, (await store.GetRunAsync(start.RunId!.Value, CancellationToken.None))!.TriggerKind);
    }

    [OnBothDatabases]
    public async Task ALeaseHeldByAKilledProcess_DoesNotHoldBackTheNextRun()
    {
        await CheckAllAsync("/tiny/1");
        var store = _services.Get<FixityStore>();

        // A process of this machine that has ended (started, then gone) held the lease when it was killed.
        using var ended = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("true") { UseShellExecute = false })!;
        var mark = LeaseOwners.StartMark(ended.Id) ?? 1;
        await ended.WaitForExitAsync();
        Assert.True(await store.TryAcquireLeaseAsync($"{LeaseOwners.Machine}:{ended.Id}:{mark}:dead", TimeSpan.FromMinutes(10), CancellationToken.None));

        Assert.False(await store.IsRunningAsync(CancellationToken.None));
        var start = await _services.Get<FixityRunner>().StartAsync(CancellationToken.None);
        Assert.True(start.Started);
        Assert.True(await Eventually.TrueWithinAsync(
            async () => (await store.GetRunAsync(start.RunId!.Value, CancellationToken.None))?.FinishedAt is not null, TimeSpan.FromSeconds(20)));
    }

    private async Task CheckAllAsync(params string[] paths)
    {
        foreach (var path in paths)
        {
            var id = await _services.WatchAsync(_site.Url(path));
            Assert.NotNull((await _services.CheckedAsync(id)).SnapshotId);
        }
    }

    private async Task<FixityRunRow> RunAsync()
    {
        var runId = await _services.Get<FixityRunner>().RunIfDueAsync(CancellationToken.None);
        Assert.NotNull(runId);
        return (await _services.Get<FixityStore>().GetRunAsync(runId.Value, CancellationToken.None))!;
    }

    private async Task<(string Sha256, string Encoding, List<long> SnapshotIds)> BodyOfAsync(string path)
    {
        await using var db = await _services.OpenAsync();
        var (sha256, encoding) = await db.QuerySingleAsync<(string, string)>(
            "SELECT DISTINCT b.sha256, b.encoding FROM snapshots s JOIN bodies b ON b.sha256 = s.sha256 WHERE s.url = @url",
            new { url = _site.Url(path) });
        var ids = (await db.QueryAsync<long>("SELECT id FROM snapshots WHERE sha256 = @sha256 ORDER BY id", new { sha256 })).AsList();
        return (sha256, encoding, ids);
    }

    private async Task FlipByteAsync(string sha256)
    {
        await using var db = await _services.OpenAsync();
        var data = await db.QuerySingleAsync<byte[]>("SELECT data FROM bodies WHERE sha256 = @sha256", new { sha256 });
        data[data.Length / 2] ^= 0x01;
        Assert.Equal(1, await db.ExecuteAsync("UPDATE bodies SET data = @data WHERE sha256 = @sha256", new { data, sha256 }));
    }
}
