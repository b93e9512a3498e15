using CitationMonitor.Infrastructure.Backups;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using Dapper;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Tests.Backups;

/// <summary>Online backups of a database that real checks keep writing to, restored and verified as an archivist would.</summary>
public sealed class DatabaseBackupTests : IDisposable
{
    private readonly TestFolder _backups = new();

    [Fact]
    public async Task Backup_TakenWhileChecksWrite_RestoresWithEverySnapshotIntact()
    {
        await using var site = await EvidenceSite.StartAsync();
        await using var live = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Backup:Directory"] = _backups.Path });
        var citations = new List<long>();
        for (var n = 0; n < 4; n++)
        {
            citations.Add(await live.WatchAsync(site.Url($"/page/b{n}")));
            citations.Add(await live.WatchAsync(site.Url($"/tiny/b{n}")));
        }

        // Checks keep writing (with changes) in the background while the backup is taken.
        using var stop = new CancellationTokenSource();
        var rounds = 0;
        var writing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var id in citations)
                {
                    await live.CheckedAsync(id);
                }

                site.Edit($"/page/b{rounds % 4}");
                site.Edit($"/tiny/b{rounds % 4}");
                rounds++;
            }
        });
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(Volatile.Read(ref rounds) >= 2), TimeSpan.FromSeconds(30)));

        var backup = await live.Get<DatabaseBackup>().CreateAsync(CancellationToken.None);
        var roundsAtBackup = Volatile.Read(ref rounds);
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(Volatile.Read(ref rounds) >= roundsAtBackup + 1), TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
        await writing;

        Assert.Equal("ok", backup.IntegrityCheck);
        Assert.StartsWith(_backups.Path, backup.Path, StringComparison.Ordinal);
        Assert.Matches(@"^monitor-\d{8}T\d{6}Z(-\d+)?\.db$", backup.FileName);
        Assert.Equal(new FileInfo(backup.Path).Length, backup.SizeBytes);
        await using (var db = await live.OpenAsync())
        {
            var liveSnapshots = await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM snapshots");
            Assert.True(backup.Snapshots >= 16, $"the backup holds {backup.Snapshots} snapshots");
            Assert.True(backup.Snapshots < liveSnapshots, "checks after the backup are not in it");
        }

        // Restore: copy the file over a new database path and start the services on it.
        using var restoreFolder = new TestFolder();
        File.Copy(backup.Path, restoreFolder.DatabasePath);
        await using var restored = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:DatabasePath"] = restoreFolder.DatabasePath });

        var snapshots = restored.Get<SnapshotStore>();
        await using (var db = await restored.OpenAsync())
        {
            Assert.Equal("ok", await db.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
            var rows = (await db.QueryAsync<(long Id, string Sha256)>("SELECT id, sha256 FROM snapshots ORDER BY id")).AsList();
            Assert.Equal(backup.Snapshots, rows.Count);
            foreach (var (id, sha256) in rows)
            {
                var body = await snapshots.GetRawAsync(id, CancellationToken.None);
                Assert.NotNull(body);
                Assert.Equal(sha256, BodyCodec.Sha256Hex(body.Bytes));
            }

            var chain = await restored.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);
            Assert.True(chain.Intact, chain.FirstBroken?.Detail);
            Assert.Equal(rows.Count, chain.Length);
        }

        var runId = await restored.Get<FixityRunner>().RunIfDueAsync(CancellationToken.None);
        var run = await restored.Get<FixityStore>().GetRunAsync(runId!.Value, CancellationToken.None);
        Assert.Equal(0, run!.FailureCount);
        Assert.True(run.BodiesVerified > 0);
        Assert.True(run.ChainIntact);
    }

    [Fact]
    public async Task TwoBackupsInOneSecond_GetTwoFiles()
    {
        await using var live = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Backup:Directory"] = _backups.Path });
        var backup = live.Get<DatabaseBackup>();

        var first = await backup.CreateAsync(CancellationToken.None);
        var second = await backup.CreateAsync(CancellationToken.None);

        Assert.NotEqual(first.Path, second.Path);
        Assert.True(File.Exists(first.Path) && File.Exists(second.Path));
        Assert.Equal("ok", second.IntegrityCheck);
    }

    [Fact]
    public async Task BackupDirectoryThatIsAFile_IsRefusedAtStart()
    {
        var file = Path.Combine(_backups.Path, "not-a-folder");
        await File.WriteAllTextAsync(file, "x");
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Backup:Directory"] = file });

        var error = Assert.Throws<OptionsValidationException>(() => services.Get<IOptions<Options.BackupOptions>>().Value);
        Assert.Contains("Monitor:Backup:Directory", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _backups.Dispose();
}
