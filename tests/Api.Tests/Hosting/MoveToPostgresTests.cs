using System.Text.Json;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>
/// <c>migrate --to postgres</c> run as a user runs it (the built worker), on a SQLite database made by a real sweep of
/// loopback sites: pages that changed, a page gone, a document, webhooks and a fixity run.
/// </summary>
public sealed class MoveToPostgresTests : IAsyncLifetime
{
    private readonly TestFolder _folder = new();
    private int _edition = 1;
    private LoopbackServer _site = null!;
    private LoopbackServer _receiver = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/informe/{n}", (int n) => Results.Content(
                $"<html><head><title>Informe {n}</title></head><body><main><p>Informe {n}, edición {Volatile.Read(ref _edition)}: " +
                $"la frontera se cerró el viernes {n}.</p></main></body></html>", "text/html"));
            app.MapGet("/gone", () => Results.StatusCode(404));
        });
        _receiver = await LoopbackServer.StartAsync(app => app.MapPost("/hook", () => Results.StatusCode(204)));
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _site.DisposeAsync();
        _folder.Dispose();
    }

    [OnPostgres]
    public async Task ADatabaseOfARealSweep_IsMovedWithEveryRow_AndVerifiedOnPostgres()
    {
        var (source, changes) = await SweptDatabaseAsync(citations: 6);
        await using var target = await PostgresServer.CreateSchemaAsync();

        var moved = await HostCommand.RunWorkerAsync(_folder.Path, Move(source, target), TimeSpan.FromMinutes(3));

        Assert.True(moved.ExitCode == 0, moved.Output + moved.Error);
        Assert.Contains("Verified the hash chain: intact", moved.Output, StringComparison.Ordinal);
        Assert.Contains("(the source's head)", moved.Output, StringComparison.Ordinal);
        Assert.Matches(@"Verified \d+ bodies against their SHA-256: 0 failure\(s\)", moved.Output);
        Assert.DoesNotContain("DIFFERS", moved.Output, StringComparison.Ordinal);
        var counts = Counts(moved.Output);
        foreach (var table in new[] { "documents", "citations", "checks", "snapshots", "bodies", "texts", "changes", "health_transitions", "webhook_deliveries", "fixity_runs" })
        {
            Assert.True(counts[table].Sqlite > 0, $"the sweep left no {table} to move");
            Assert.Equal(counts[table].Sqlite, counts[table].Postgres);
        }

        // The same answers from the moved database, read by the monitor on PostgreSQL.
        await using var services = await OnPostgresAsync(target);
        var moved2 = await services.Get<ChangeStore>().ListAsync(new ChangeFilter(), new PageRequest(1, 100), CancellationToken.None);
        Assert.Equal(changes, JsonSerializer.Serialize(moved2.Items));
        var run = await HostCommand.RunWorkerAsync(_folder.Path, Move(source, target), TimeSpan.FromMinutes(1));
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("already holds the finished move", run.Output, StringComparison.Ordinal);
    }

    [OnPostgres]
    public async Task AMoveKilledMidway_ResumesWhenRunAgain_AndEndsWithTheSameRows()
    {
        var (source, _) = await SweptDatabaseAsync(citations: 12);
        await using var target = await PostgresServer.CreateSchemaAsync();

        // A row per batch, so that the kill finds it copying.
        await using (var first = ApiProcess.StartWorkerCommand([.. Move(source, target), "--batch-rows", "1"]))
        {
            await using var db = await target.OpenAsync();
            Assert.True(
                await Eventually.TrueWithinAsync(
                    async () => await db.ExecuteScalarAsync<bool>("SELECT to_regclass('move_progress') IS NOT NULL")
                        && await db.ExecuteScalarAsync<long?>("SELECT SUM(rows) FROM move_progress") >= 10,
                    TimeSpan.FromSeconds(60)),
                "the move did not start copying:\n" + first.Output);
            await first.KillAsync();
            Assert.Null(await db.ExecuteScalarAsync<DateTimeOffset?>("SELECT finished_at FROM move_runs"));

            // A worker started on the half-moved database meanwhile: the move will not resume over what it wrote.
            await db.ExecuteAsync("INSERT INTO host_turns (host) VALUES ('www.gob.mx')");
            var refused = await HostCommand.RunWorkerAsync(_folder.Path, Move(source, target), TimeSpan.FromMinutes(1));
            Assert.True(refused.ExitCode == 2, refused.Output + refused.Error);
            Assert.Contains("was written to since the move", refused.Error, StringComparison.Ordinal);
            Assert.Contains("host_turns: 1 rows", refused.Error, StringComparison.Ordinal);
            await db.ExecuteAsync("DELETE FROM host_turns");
        }

        var resumed = await HostCommand.RunWorkerAsync(_folder.Path, Move(source, target), TimeSpan.FromMinutes(3));

        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Contains("Resuming the move", resumed.Output, StringComparison.Ordinal);
        Assert.Contains("Verified the hash chain: intact", resumed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("DIFFERS", resumed.Output, StringComparison.Ordinal);
        Assert.All(Counts(resumed.Output).Values, count => Assert.Equal(count.Sqlite, count.Postgres));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.move-*"));
    }

    [OnPostgres]
    public async Task ATargetHoldingAnotherDatabase_IsRefused()
    {
        var (source, _) = await SweptDatabaseAsync(citations: 1);
        await using var target = await PostgresServer.CreateSchemaAsync();
        await using (var other = await OnPostgresAsync(target))
        {
            await other.WatchAsync("https://www.gob.mx/otra");
        }

        var refused = await HostCommand.RunWorkerAsync(_folder.Path, Move(source, target), TimeSpan.FromMinutes(1));

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("already holds data (", refused.Error, StringComparison.Ordinal);
        Assert.Contains("citations: 1", refused.Error, StringComparison.Ordinal);
    }

    private static string[] Move(string source, PostgresSchema target) =>
        ["migrate", "--to", "postgres", "--connection", target.ConnectionString, "--from", source];

    /// <summary>A SQLite database swept twice, the pages changed between, with a page gone, a document, webhooks and a fixity run.</summary>
    private async Task<(string Path, string Changes)> SweptDatabaseAsync(int citations)
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:DatabasePath"] = _folder.DatabasePath,
            ["Monitor:Webhooks:0:Url"] = _receiver.Url("/hook"),
            ["Monitor:Webhooks:0:Secret"] = "s3cret-for-tests",
            ["Monitor:Webhooks:0:Events:0"] = "change",
            ["Monitor:Webhooks:0:Events:1"] = "broken",
            ["Monitor:Health:BrokenAfterFailures"] = "1",
        }, database: DatabaseProvider.Sqlite);
        var ids = new List<long>();
        for (var n = 0; n < citations; n++)
        {
            ids.Add(await services.WatchAsync(_site.Url($"/informe/{n}")));
        }

        ids.Add(await services.CiteInPublishedDocumentAsync(_site.Url("/gone"), new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero)));
        var checker = services.Get<CitationChecker>();
        foreach (var id in ids)
        {
            await checker.CheckAsync(id, CancellationToken.None);
        }

        Volatile.Write(ref _edition, 2);
        foreach (var id in ids)
        {
            await checker.CheckAsync(id, CancellationToken.None);
        }

        await services.Get<WebhookDispatcher>().DeliverDueAsync(CancellationToken.None);
        Assert.NotNull(await services.Get<FixityRunner>().RunIfDueAsync(CancellationToken.None));
        var changes = await services.Get<ChangeStore>().ListAsync(new ChangeFilter(), new PageRequest(1, 100), CancellationToken.None);
        Assert.NotEmpty(changes.Items);
        SqliteConnection.ClearAllPools();
        return (services.DatabasePath, JsonSerializer.Serialize(changes.Items));
    }

    private static Task<MonitorServices> OnPostgresAsync(PostgresSchema target) =>
        MonitorServices.OverAsync(target, new Dictionary<string, string?> { ["Monitor:SeedDefaultCitations"] = "false" });

    /// <summary>The table of counts the move prints: table, rows in SQLite, rows in PostgreSQL.</summary>
    private static Dictionary<string, (long Sqlite, long Postgres)> Counts(string output) =>
        output.Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(words => words.Length >= 3 && long.TryParse(words[1].Replace(",", "", StringComparison.Ordinal), out _) && long.TryParse(words[2].Replace(",", "", StringComparison.Ordinal), out _))
            .ToDictionary(
                words => words[0],
                words => (long.Parse(words[1].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture),
                          long.Parse(words[2].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)));
}
