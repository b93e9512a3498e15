using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Hosts;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Infrastructure.Tests.Persistence;

public sealed class MigratorTests
{
    [Fact]
    public async Task DatabaseFromMigrationOne_IsUpgradedInPlaceWithItsDataIntact()
    {
        await using var services = await MonitorServices.StartAsync(migrate: false);
        var migrator = services.Get<Migrator>();
        Assert.Equal(1, await migrator.MigrateToAsync(1, CancellationToken.None));

        await using (var connection = await services.OpenAsync())
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO documents (id, title, created_at) VALUES (1, 'Statement', '2021-01-15T00:00:00.0000000Z');
                INSERT INTO citations (id, url, normalized_url, url_key, host, next_check_at, created_at, check_count)
                VALUES (7, 'http://www.oas.org/a', 'http://www.oas.org/a', 'www.oas.org/a', 'www.oas.org',
                        '2021-01-16T00:00:00.0000000Z', '2021-01-15T00:00:00.0000000Z', 4);
                INSERT INTO citation_places (document_id, citation_id, cited_url, context, position)
                VALUES (1, 7, 'http://www.oas.org/a', 'cited here', 0);
                """);
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM pragma_table_info('citations') WHERE name = 'lease_until'"));
        }

        var ran = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(Migrator.All.Count - 1, ran);
        await using var upgraded = await services.OpenAsync();
        Assert.Equal(
            Migrator.All.Select(m => m.Version),
            await upgraded.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version"));
        var citation = await upgraded.QuerySingleAsync<(string Url, int CheckCount, string? LeaseUntil)>(
            "SELECT url, check_count, lease_until FROM citations WHERE id = 7");
        Assert.Equal(("http://www.oas.org/a", 4, (string?)null), citation);
        Assert.Equal("cited here", await upgraded.ExecuteScalarAsync<string>("SELECT context FROM citation_places WHERE citation_id = 7"));
        Assert.Equal(1, await upgraded.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_citations_due'"));
    }

    [Fact]
    public async Task MigratingTwice_RunsNothingTheSecondTime()
    {
        await using var services = await MonitorServices.StartAsync(migrate: false);
        var migrator = services.Get<Migrator>();

        Assert.Equal(Migrator.All.Count, await migrator.MigrateAsync(CancellationToken.None));
        Assert.Equal(0, await migrator.MigrateAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Database_UsesWalWithNormalSync_AndForeignKeys_OnFreshAndPooledConnectionsAlike()
    {
        await using var services = await MonitorServices.StartAsync();
        var connections = services.Get<IDbConnectionFactory>();

        // The settings are made once per connection SQLite opens: the second open takes the first's pooled one.
        for (var open = 0; open < 2; open++)
        {
            await using var connection = await connections.OpenAsync(CancellationToken.None);

            Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("PRAGMA foreign_keys"));
            Assert.Equal(10_000, await connection.ExecuteScalarAsync<int>("PRAGMA busy_timeout"));

            // NORMAL (1): commits go to the log without waiting for the disk (see docs/evidence.md, Backups).
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("PRAGMA synchronous"));
            var orphan = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(
                "INSERT INTO citation_places (document_id, citation_id, cited_url, context, position) VALUES (-1, -1, 'x', 'x', 0)"));
            Assert.Contains("FOREIGN KEY", orphan.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Migrations_AreNumberedWithoutGaps() =>
        Assert.Equal(Enumerable.Range(1, Migrator.All.Count), Migrator.All.Select(m => m.Version));
}
