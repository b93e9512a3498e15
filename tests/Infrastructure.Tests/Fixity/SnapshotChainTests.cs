using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CitationMonitor.Infrastructure.Tests.Fixity;

/// <summary>The hash chain over snapshots, sealed by real checks of a loopback site and verified over the real SQLite file.</summary>
public sealed class SnapshotChainTests : IAsyncLifetime
{
    private EvidenceSite _site = null!;
    private MonitorServices _services = null!;

    public async Task InitializeAsync()
    {
        _site = await EvidenceSite.StartAsync();
        _services = await MonitorServices.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _site.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task Chain_AfterChecksWithChangesAndRepeats_IsIntactAndCoversEverySnapshot()
    {
        var ids = await CheckedSnapshotsAsync();

        var report = await _services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);

        Assert.True(report.Intact, report.FirstBroken?.Detail);
        Assert.Null(report.FirstBroken);
        Assert.Equal(ids.Count, report.Length);
        Assert.Equal(ids[^1], report.HeadSnapshotId);
        await using var db = await _services.OpenAsync();
        var rows = (await db.QueryAsync<(long Id, string? PrevHash, string? RecordHash)>(
            "SELECT id, prev_hash, record_hash FROM snapshots ORDER BY id")).AsList();
        Assert.Null(rows[0].PrevHash);
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.Equal(rows[i - 1].RecordHash, rows[i].PrevHash);
        }

        Assert.Equal(rows[^1].RecordHash, report.HeadRecordHash);
        Assert.Equal(rows.Count, rows.Select(r => r.RecordHash).Distinct().Count());
    }

    [OnBothDatabasesTheory]
    [InlineData("captured_at", "'2020-01-01T00:00:00.0000000Z'")]
    [InlineData("final_url", "'https://elsewhere.example/'")]
    [InlineData("sha256", "'0000000000000000000000000000000000000000000000000000000000000000'")]
    [InlineData("title", "NULL")]
    public async Task EditedSnapshotRow_BreaksTheChainExactlyThere(string column, string value)
    {
        var ids = await CheckedSnapshotsAsync();
        var edited = ids[ids.Count / 2];
        await using (var db = await _services.OpenAsync())
        {
            await db.AllowBrokenReferencesAsync();
            Assert.Equal(1, await db.ExecuteAsync($"UPDATE snapshots SET {column} = {value} WHERE id = @edited", new { edited }));
        }

        var report = await _services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);

        Assert.False(report.Intact);
        Assert.Equal(edited, report.FirstBroken!.SnapshotId);
        Assert.Equal(ChainProblems.Altered, report.FirstBroken.Problem);
        Assert.Equal(ids.Count, report.Length);
    }

    [OnBothDatabases]
    public async Task DeletedSnapshotRow_BreaksTheChainAtTheNextRow()
    {
        var ids = await CheckedSnapshotsAsync();
        var removed = ids[ids.Count / 2];
        await DeleteSnapshotAsync(removed);

        var report = await _services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);

        Assert.False(report.Intact);
        Assert.Equal(ids[(ids.Count / 2) + 1], report.FirstBroken!.SnapshotId);
        Assert.Equal(ChainProblems.Removed, report.FirstBroken.Problem);
    }

    [OnBothDatabases]
    public async Task DeletedFirstSnapshot_BreaksTheChainAtTheNewFirstRow()
    {
        var ids = await CheckedSnapshotsAsync();
        await DeleteSnapshotAsync(ids[0]);

        var report = await _services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);

        Assert.Equal(ids[1], report.FirstBroken!.SnapshotId);
        Assert.Equal(ChainProblems.Removed, report.FirstBroken.Problem);
    }

    [OnBothDatabases]
    public async Task EditAndResealOfTheWholeChain_IsCaughtAgainstTheHeadAnEarlierRunRecorded()
    {
        var ids = await CheckedSnapshotsAsync();
        Assert.NotNull(await _services.Get<FixityRunner>().RunIfDueAsync(CancellationToken.None));

        // Someone with write access back-dates a capture and re-seals every record so that each link holds again.
        await using (var db = await _services.OpenAsync())
        {
            await db.ExecuteAsync("UPDATE snapshots SET captured_at = '2019-05-01T00:00:00.0000000Z' WHERE id = @id", new { id = ids[1] });
            await db.ExecuteAsync("UPDATE snapshots SET prev_hash = NULL, record_hash = NULL");
        }

        await SnapshotChain.SealPendingAsync(_services.Get<IDbConnectionFactory>(), CancellationToken.None);
        var report = await _services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);

        Assert.False(report.Intact);
        Assert.Equal(ChainProblems.Rewritten, report.FirstBroken!.Problem);
        Assert.Equal(ids[^1], report.FirstBroken.SnapshotId);
    }

    [OnBothDatabases]
    public async Task SnapshotsTakenBeforeTheChain_AreSealedInIdOrder_AtStartAndByTheNextCheck()
    {
        var ids = await CheckedSnapshotsAsync();
        await ForgetChainAsync();
        Assert.Equal(ChainProblems.Unsealed, (await _services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None)).FirstBroken?.Problem);

        // The next check seals the older rows first, then its own.
        var citation = await _services.WatchAsync(_site.Url("/page/late"));
        await _services.CheckedAsync(citation);
        var afterCheck = await _services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);
        Assert.True(afterCheck.Intact, afterCheck.FirstBroken?.Detail);
        Assert.Equal(ids.Count + 1, afterCheck.Length);

        // And start-up seals them when no check comes first.
        await ForgetChainAsync();
        foreach (var hosted in _services.Provider.GetServices<IHostedService>().Where(h => h.GetType().Name == "DatabaseInitializer"))
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var afterStart = await _services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);
        Assert.True(afterStart.Intact, afterStart.FirstBroken?.Detail);
        Assert.Equal(ids.Count + 1, afterStart.Length);
        Assert.Equal(afterCheck.HeadRecordHash, afterStart.HeadRecordHash);
    }

    [OnBothDatabases]
    public async Task ManyConcurrentChecks_FromTwoWritersOnOneDatabase_FormOneIntactChain()
    {
        await using var second = await _services.BesideAsync();
        var citations = new List<long>();
        for (var n = 0; n < 8; n++)
        {
            citations.Add(await _services.WatchAsync(_site.Url($"/page/c{n}")));
        }

        for (var round = 0; round < 3; round++)
        {
            for (var n = 0; n < 8; n++)
            {
                _site.Edit($"/page/c{n}");
            }

            // Each citation checked by both writers at once: one of them may find it busy; every snapshot taken is chained.
            await Task.WhenAll(citations.SelectMany(id => new[]
            {
                _services.Get<CitationChecker>().CheckAsync(id, CancellationToken.None),
                second.Get<CitationChecker>().CheckAsync(id, CancellationToken.None),
            }));
        }

        var report = await _services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);
        await using var db = await _services.OpenAsync();
        var snapshots = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM snapshots");
        Assert.True(snapshots >= 24, $"only {snapshots} snapshots were taken");
        Assert.True(report.Intact, report.FirstBroken?.Detail);
        Assert.Equal(snapshots, report.Length);
    }

    /// <summary>Three pages and a short note, each checked three times with edits in between: changes and repeats.</summary>
    private async Task<List<long>> CheckedSnapshotsAsync()
    {
        var paths = new[] { "/page/1", "/page/2", "/tiny/1" };
        var citations = new List<long>();
        foreach (var path in paths)
        {
            citations.Add(await _services.WatchAsync(_site.Url(path)));
        }

        for (var round = 0; round < 3; round++)
        {
            if (round == 1)
            {
                _site.Edit("/page/1");
                _site.Edit("/tiny/1");
            }

            foreach (var id in citations)
            {
                Assert.NotNull((await _services.CheckedAsync(id)).SnapshotId);
            }
        }

        await using var db = await _services.OpenAsync();
        return [.. await db.QueryAsync<long>("SELECT id FROM snapshots ORDER BY id")];
    }

    private async Task DeleteSnapshotAsync(long id)
    {
        await using var db = await _services.OpenAsync();
        await db.AllowBrokenReferencesAsync();
        Assert.Equal(1, await db.ExecuteAsync("DELETE FROM snapshots WHERE id = @id", new { id }));
    }

    /// <summary>The state of a database whose snapshots were all taken before the hash chain existed.</summary>
    private async Task ForgetChainAsync()
    {
        await using var db = await _services.OpenAsync();
        await db.ExecuteAsync("UPDATE snapshots SET prev_hash = NULL, record_hash = NULL");
    }
}
