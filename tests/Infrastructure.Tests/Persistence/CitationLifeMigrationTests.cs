using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Hosts;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Persistence;

/// <summary>
/// Migration 15 (a citation's life) over a real SQLite file at version 14: every citation and document already stored is
/// running, not retired, on the configured interval and without labels; the audit starts empty.
/// </summary>
public sealed class CitationLifeMigrationTests
{
    [Fact]
    public async Task StoredCitationsAndDocuments_AreRunningAndNotRetired_WithNoLabelsNorAudit()
    {
        await using var services = await MonitorServices.StartAsync(migrate: false);
        var migrator = services.Get<Migrator>();
        Assert.Equal(14, await migrator.MigrateToAsync(14, CancellationToken.None));
        await using (var old = await services.OpenAsync())
        {
            await old.ExecuteAsync(
                """
                INSERT INTO documents (id, title, created_at) VALUES (1, 'Statement', '2021-01-15T00:00:00.0000000Z');
                INSERT INTO citations (id, url, normalized_url, url_key, host, next_check_at, created_at, check_count)
                VALUES (7, 'http://www.oas.org/a', 'http://www.oas.org/a', 'www.oas.org/a', 'www.oas.org',
                        '2021-01-16T00:00:00.0000000Z', '2021-01-15T00:00:00.0000000Z', 4);
                INSERT INTO places (document_id, citation_id, created_at) VALUES (1, 7, '2021-01-15T00:00:00.0000000Z');
                """);
        }

        Assert.Equal(Migrator.All.Count - 14, await migrator.MigrateAsync(CancellationToken.None)); // 15, a citation's life, and later ones

        await using var db = await services.OpenAsync();
        Assert.Equal(
            (0L, 0L, (string?)null, (long?)null, 4L),
            await db.QuerySingleAsync<(long, long, string?, long?, long)>("SELECT paused, retired, retired_at, check_interval, check_count FROM citations WHERE id = 7"));
        Assert.Equal((0L, (string?)null), await db.QuerySingleAsync<(long, string?)>("SELECT retired, retired_at FROM documents WHERE id = 1"));
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citation_labels"));
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citation_audit"));
        Assert.Equal(1, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'ix_citations_due_active'"));
    }
}
