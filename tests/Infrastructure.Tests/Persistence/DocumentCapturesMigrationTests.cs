using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Hosts;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Persistence;

/// <summary>
/// Migration 17 (a document's file kept as a snapshot) over a real SQLite file at version 16: the snapshots table is
/// rebuilt with every row, id and chain hash as it was, every reference to a snapshot still resolves, and a file uploaded
/// before it gets its snapshot, sealed at the end of an intact chain.
/// </summary>
public sealed class DocumentCapturesMigrationTests
{
    private const string Sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string Empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public async Task SnapshotsKeepTheirIdsAndHashes_ReferencesResolve_AndAnUploadedFileIsSealedIntoTheChain()
    {
        await using var services = await MonitorServices.StartAsync(migrate: false);
        var migrator = services.Get<Migrator>();
        Assert.Equal(16, await migrator.MigrateToAsync(16, CancellationToken.None));
        await using (var old = await services.OpenAsync())
        {
            await old.ExecuteAsync(
                $"""
                INSERT INTO bodies (sha256, byte_length, encoding, data, created_at) VALUES ('{Sha}', 4, 'identity', X'74657374', '2021-01-15T00:00:00.0000000Z');
                INSERT INTO texts (sha256, char_length, encoding, data) VALUES ('{Empty}', 0, 'identity', X'');
                INSERT INTO documents (id, title, created_at, kind, original_sha256, original_name, original_type, original_bytes)
                VALUES (1, 'Statement', '2021-01-15T00:00:00.0000000Z', 'pdf', '{Sha}', 'statement.pdf', 'application/octet-stream', 4);
                INSERT INTO citations (id, url, normalized_url, url_key, host, next_check_at, created_at)
                VALUES (7, 'http://www.oas.org/a', 'http://www.oas.org/a', 'www.oas.org/a', 'www.oas.org',
                        '2021-01-16T00:00:00.0000000Z', '2021-01-15T00:00:00.0000000Z');
                INSERT INTO snapshots (id, citation_id, captured_at, url, final_url, http_status, check_status, kind, byte_length,
                                       sha256, text_sha256, truncated)
                VALUES (5, 7, '2021-01-15T00:00:01.0000000Z', 'http://www.oas.org/a', 'http://www.oas.org/a', 200, 'ok', 'text', 4,
                        '{Sha}', '{Empty}', 0);
                INSERT INTO checks (citation_id, started_at, duration_ms, status, redirects, attempts, content_changed, snapshot_id)
                VALUES (7, '2021-01-15T00:00:01.0000000Z', 3, 'ok', '[]', 1, 0, 5);
                """);
        }

        // Sealed as version 16 sealed it: over every column it had (document_id is not one yet).
        string recordHash;
        await using (var before = await services.OpenAsync())
        {
            var row = (IDictionary<string, object?>)await before.QuerySingleAsync(
                $"SELECT {string.Join(", ", SnapshotChain.Fields.Where(f => f != "document_id"))} FROM snapshots WHERE id = 5");
            recordHash = SnapshotChain.RecordHash([.. SnapshotChain.Fields.Select(f => row.TryGetValue(f, out var value) ? value : null)], null);
            await before.ExecuteAsync("UPDATE snapshots SET record_hash = @recordHash WHERE id = 5", new { recordHash });
        }

        Assert.Equal(Migrator.All.Count - 16, await migrator.MigrateAsync(CancellationToken.None));

        await using var db = await services.OpenAsync();
        Assert.Equal(recordHash, await db.QuerySingleAsync<string>("SELECT record_hash FROM snapshots WHERE id = 5"));
        Assert.Empty(await db.QueryAsync("SELECT * FROM pragma_foreign_key_check"));
        Assert.Equal(1L, await db.QuerySingleAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(5L, await db.QuerySingleAsync<long>("SELECT snapshot_id FROM checks"));
        Assert.Contains("REFERENCES snapshots", await db.QuerySingleAsync<string>("SELECT sql FROM sqlite_master WHERE name = 'checks'"), StringComparison.Ordinal);
        Assert.Equal(
            ["ix_snapshots_body", "ix_snapshots_captured", "ix_snapshots_citation", "ix_snapshots_citation_origin", "ix_snapshots_document"],
            await db.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'snapshots' AND name LIKE 'ix_%' ORDER BY name"));

        var upload = await db.QuerySingleAsync<(long Id, long? CitationId, long DocumentId, string Origin, string Url, string ContentType, string Sha256)>(
            "SELECT id, citation_id, document_id, origin, url, content_type, sha256 FROM snapshots WHERE origin = 'upload'");
        Assert.True(upload.Id > 5);
        Assert.Null(upload.CitationId);
        Assert.Equal((1L, "urn:citation-monitor:document:1", "application/pdf", Sha), (upload.DocumentId, upload.Url, upload.ContentType, upload.Sha256));

        // A row with neither a citation nor a document, or with both, is refused.
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.ExecuteAsync(
            $"""
            INSERT INTO snapshots (citation_id, document_id, captured_at, url, final_url, http_status, check_status, kind, byte_length, sha256, text_sha256, truncated)
            VALUES (7, 1, '2021-01-15T00:00:01.0000000Z', 'x', 'x', 0, 'ok', 'pdf', 4, '{Sha}', '{Empty}', 0)
            """));

        Assert.Equal(1, await SnapshotChain.SealPendingAsync(services.Get<IDbConnectionFactory>(), CancellationToken.None));
        var chain = await services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);
        Assert.True(chain.Intact, chain.ToString());
        Assert.Equal(2, chain.Length);
        Assert.Equal(upload.Id, chain.HeadSnapshotId);
    }
}
