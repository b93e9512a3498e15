using System.Net;
using System.Net.Http.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using Dapper;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>
/// The real API with its scheduler, killed with SIGKILL at random moments of a sweep over 500 loopback citations and
/// started again each time: nothing committed is lost, nothing is left half-written, and the sweep carries on.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Sites = 5;
    private const int PagesPerSite = 100;
    private const int Kills = 5;

    [Fact]
    public async Task KilledAtRandomMomentsOfASweep_LosesNothingLeavesNothingHalfWrittenAndCarriesOn()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        using var folder = new TestFolder();
        await using var sites = await ChangingSites.StartAsync(Sites, PagesPerSite, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(5));
        string[] arguments =
        [
            $"--Monitor:DatabasePath={folder.DatabasePath}",
            "--Monitor:SeedDefaultCitations=false",
            "--Monitor:Fetch:AllowPrivateNetworks=true",
            "--Monitor:Fetch:PerHostDelay=00:00:00",
            "--Monitor:Fetch:Timeout=00:00:05",
            "--Monitor:Fetch:RetryAttempts=0",
            "--Monitor:Fetch:HostProbeInterval=00:00:00",
            "--Monitor:Noise:ConfirmAfter=00:00:00",
            "--Monitor:Worker:PollInterval=00:00:00.200",
            "--Monitor:Worker:CheckInterval=00:00:01",
            "--Monitor:Worker:MaxConcurrency=32",
            "--Monitor:Worker:MaxConcurrencyPerHost=8",
            "--Serilog:MinimumLevel:Default=Warning",
        ];

        var api = await StartAsync(arguments);
        try
        {
            await RegisterAsync(api, sites.Urls);
            var previous = await AuditAsync(folder.DatabasePath);
            for (var kill = 1; kill <= Kills; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 3000)));
                var beforeKill = await AuditAsync(folder.DatabasePath);
                await api.KillAsync();
                await api.DisposeAsync();

                var afterKill = await AuditAsync(folder.DatabasePath);
                output.WriteLine($"kill {kill}: {afterKill.Checks} checks, {afterKill.Snapshots.Count} snapshots, {afterKill.Changes} changes, {afterKill.LeasesHeld} leases held");
                AssertConsistent(afterKill);
                AssertNothingLost(beforeKill, afterKill);
                Assert.True(afterKill.Checks > previous.Checks, $"no check recorded between kill {kill - 1} and kill {kill}");
                previous = afterKill;

                api = await StartAsync(arguments);
                var checks = afterKill.Checks;
                Assert.True(
                    await Eventually.TrueWithinAsync(async () => await CountAsync(folder.DatabasePath, "SELECT COUNT(*) FROM checks") > checks, TimeSpan.FromSeconds(60)),
                    $"no check recorded after restart {kill}");
            }

            // After the last restart, every citation is checked again: none is stuck under a dead process's lease.
            var restartedAt = DbTime.ToDb(TimeProvider.System.GetUtcNow());
            var everyOneChecked = await Eventually.TrueWithinAsync(
                async () => await CountAsync(folder.DatabasePath, $"SELECT COUNT(*) FROM citations WHERE last_checked_at IS NULL OR last_checked_at < '{restartedAt}'") == 0,
                TimeSpan.FromSeconds(90));
            Assert.True(everyOneChecked, "some citations were not checked after the last restart");

            var end = await AuditAsync(folder.DatabasePath);
            AssertConsistent(end);
            Assert.Equal(Sites * PagesPerSite, end.Citations);
            Assert.Equal(0, await CountAsync(folder.DatabasePath, "SELECT COUNT(*) FROM citations WHERE check_count = 0"));
            Assert.True(end.Changes > 0, "the changing pages recorded no change");
            Assert.Empty(sites.Overlaps());
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    private async Task<ApiProcess> StartAsync(string[] arguments)
    {
        var api = ApiProcess.Start(arguments);
        Assert.True(await api.WaitStartedAsync(TimeSpan.FromSeconds(60)), "the API did not start:\n" + api.Output);
        return api;
    }

    private static async Task RegisterAsync(ApiProcess api, IReadOnlyList<string> urls)
    {
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        var text = string.Join('\n', urls.Select((url, i) => $"Según el comunicado {i} ({url}), el paso sigue abierto."));
        using var response = await client.PostAsJsonAsync("/api/documents", new { title = "Informe sobre la frontera", text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>What the database holds, read after the process is gone (or while it runs).</summary>
    private sealed record Audit(
        string Integrity,
        long Citations,
        long Checks,
        long Changes,
        long LeasesHeld,
        IReadOnlyDictionary<long, string> Snapshots,
        IReadOnlyList<string> ForeignKeyViolations,
        IReadOnlyList<string> CounterMismatches,
        IReadOnlyList<string> ContentProblems,
        ChainReport Chain);

    private static async Task<Audit> AuditAsync(string database)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA busy_timeout = 10000");

        // One read transaction: every number below is from the same committed state.
        using var transaction = connection.BeginTransaction(deferred: true);
        var integrity = string.Join("; ", await connection.QueryAsync<string>("PRAGMA integrity_check", transaction: transaction));
        var foreignKeys = (await connection.QueryAsync<(string Table, long RowId, string Parent)>(
                "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check()", transaction: transaction))
            .Select(v => $"{v.Table} row {v.RowId} refers to a missing {v.Parent}").ToList();
        var counters = (await connection.QueryAsync<string>(
            """
            SELECT 'citation ' || c.id || ': check_count ' || c.check_count || ', snapshot_count ' || c.snapshot_count
                   || ', change_count ' || c.change_count || ' but ' || k.n || ' checks, ' || s.n || ' snapshots, ' || g.n || ' changes'
            FROM citations c
            JOIN (SELECT c2.id, COUNT(x.id) AS n FROM citations c2 LEFT JOIN checks x ON x.citation_id = c2.id GROUP BY c2.id) k ON k.id = c.id
            JOIN (SELECT c2.id, COUNT(x.id) AS n FROM citations c2 LEFT JOIN snapshots x ON x.citation_id = c2.id GROUP BY c2.id) s ON s.id = c.id
            JOIN (SELECT c2.id, COUNT(x.id) AS n FROM citations c2 LEFT JOIN changes x ON x.citation_id = c2.id GROUP BY c2.id) g ON g.id = c.id
            WHERE c.check_count <> k.n OR c.snapshot_count <> s.n OR c.change_count <> g.n
            """, transaction: transaction)).ToList();

        var problems = new List<string>();
        var snapshots = new Dictionary<long, string>();
        // A body kept as a delta is read with the base it was compressed against, as every read of evidence does.
        var rows = await connection.QueryAsync<StoredRow>(
            """
            SELECT s.id, s.sha256, b.encoding AS body_encoding, b.data AS body, b.base_sha256, k.encoding AS base_encoding,
                   k.data AS base, s.text_sha256, t.encoding AS text_encoding, t.data AS text
            FROM snapshots s
            LEFT JOIN bodies b ON b.sha256 = s.sha256 LEFT JOIN bodies k ON k.sha256 = b.base_sha256
            LEFT JOIN texts t ON t.sha256 = s.text_sha256
            ORDER BY s.id
            """, transaction: transaction);
        foreach (var row in rows)
        {
            snapshots[row.Id] = row.Sha256;
            var deltaBase = row.BaseSha256 is null ? null : new StoredItem(row.Sha256, row.BodyEncoding ?? "", row.Body ?? []) { BaseSha256 = row.BaseSha256, BaseEncoding = row.BaseEncoding, BaseData = row.Base };
            problems.AddRange(Verify($"snapshot {row.Id} body", row.Sha256, row.BodyEncoding, row.Body, deltaBase));
            problems.AddRange(Verify($"snapshot {row.Id} text", row.TextSha256, row.TextEncoding, row.Text));
        }

        var audit = new Audit(
            integrity,
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM citations", transaction: transaction),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM checks", transaction: transaction),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM changes", transaction: transaction),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM citations WHERE lease_owner IS NOT NULL", transaction: transaction),
            snapshots, foreignKeys, counters, problems, null!);
        await transaction.CommitAsync();

        // The chain as the monitor's own fixity run walks it.
        var factory = new SqliteConnectionFactory(Microsoft.Extensions.Options.Options.Create(new MonitorOptions { DatabasePath = database }));
        return audit with { Chain = await new ChainVerifier(factory, TimeProvider.System).VerifyAsync(CancellationToken.None) };
    }

    private sealed record StoredRow(
        long Id, string Sha256, string? BodyEncoding, byte[]? Body, string? BaseSha256, string? BaseEncoding, byte[]? Base,
        string TextSha256, string? TextEncoding, byte[]? Text);

    private static IEnumerable<string> Verify(string what, string sha256, string? encoding, byte[]? data, StoredItem? asDelta = null)
    {
        if (encoding is null || data is null)
        {
            yield return $"{what} {sha256} is missing";
        }
        else if (FixityRunner.Verify(asDelta ?? new StoredItem(sha256, encoding, data)) is { } problem)
        {
            yield return $"{what} {sha256} is {problem.Problem}: {problem.Detail}";
        }
    }

    private static void AssertConsistent(Audit audit)
    {
        Assert.Equal("ok", audit.Integrity);
        Assert.Empty(audit.ForeignKeyViolations);
        Assert.Empty(audit.CounterMismatches);
        Assert.Empty(audit.ContentProblems);
        Assert.True(audit.Chain.Intact, $"hash chain broken: {audit.Chain.FirstBroken}");
    }

    private static void AssertNothingLost(Audit before, Audit after)
    {
        Assert.True(after.Checks >= before.Checks, $"{before.Checks} checks before the kill, {after.Checks} after");
        Assert.True(after.Changes >= before.Changes, $"{before.Changes} changes before the kill, {after.Changes} after");
        foreach (var (id, sha256) in before.Snapshots)
        {
            Assert.True(after.Snapshots.TryGetValue(id, out var kept) && kept == sha256, $"snapshot {id} was lost or altered by the kill");
        }
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA busy_timeout = 10000");
        return await connection.ExecuteScalarAsync<long>(sql);
    }
}
