using System.Text;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.TestSupport.Hosts;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Persistence;

/// <summary>
/// Migration 19 (extraction stamps) over a real SQLite file at version 18: every snapshot and host probe is kept as it
/// was, with no stamp (version 1), and the hash chain over the snapshots is intact, each record hash unchanged.
/// </summary>
public sealed class ExtractionStampsMigrationTests
{
    private const string Url = "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp";

    [Fact]
    public async Task SnapshotsAndProbesAreKeptWithoutAStamp_AndTheirRecordHashesAreUnchanged()
    {
        await using var services = await MonitorServices.StartAsync(migrate: false);
        var migrator = services.Get<Migrator>();
        Assert.Equal(18, await migrator.MigrateToAsync(18, CancellationToken.None));

        // A capture as version 18 wrote it: its body with the columns it had, its text through the store, its row with the columns it had, sealed.
        var citationId = await services.WatchAsync(Url);
        var body = Encoding.UTF8.GetBytes("<html><head><title>Comunicado</title></head><body><main><p>La CIDH expresa preocupación.</p></main></body></html>");
        var text = ContentExtractor.Extract(body, "text/html").Text;
        var (sha256, textSha256) = (BodyCodec.Sha256Hex(body), BodyCodec.Sha256Hex(Encoding.UTF8.GetBytes(text)));
        var snapshots = services.Get<SnapshotStore>();
        var connections = services.Get<IDbConnectionFactory>();
        var capturedAt = new DateTimeOffset(2021, 1, 20, 10, 0, 0, TimeSpan.Zero);
        await using (var work = await connections.BeginAsync(CancellationToken.None))
        {
            var stored = Compressed.Of(body);
            await work.ExecuteAsync(
                "INSERT INTO bodies (sha256, byte_length, encoding, data, created_at) VALUES (@sha256, @length, @Encoding, @Data, @capturedAt)",
                new { sha256, length = body.LongLength, stored.Encoding, stored.Data, capturedAt }, CancellationToken.None);
            await snapshots.StoreTextAsync(work, textSha256, text.Length, Compressed.Of(Encoding.UTF8.GetBytes(text)), CancellationToken.None);
            await work.ExecuteAsync(
                """
                INSERT INTO snapshots (citation_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                                       byte_length, sha256, text_sha256, truncated, title)
                VALUES (@citationId, @capturedAt, @Url, @Url, 200, 'ok', 'text/html', 'html', @length, @sha256, @textSha256, 0, 'Comunicado');
                INSERT INTO host_probes (origin, host, probed_at, url, final_url, http_status, status)
                VALUES ('https://www.oas.org', 'www.oas.org', @capturedAt, 'https://www.oas.org/x', 'https://www.oas.org/x', 404, 'not_found');
                """,
                new { citationId, capturedAt, Url, length = body.LongLength, sha256, textSha256 },
                CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        Assert.Equal(1, await SnapshotChain.SealPendingAsync(connections, CancellationToken.None));
        (long Id, string RecordHash) sealedAt18;
        await using (var db = await services.OpenAsync())
        {
            sealedAt18 = await db.QuerySingleAsync<(long, string)>("SELECT id, record_hash FROM snapshots");
        }

        Assert.Equal(Migrator.All.Count - 18, await migrator.MigrateAsync(CancellationToken.None));

        var migrated = (await snapshots.GetAsync(sealedAt18.Id, CancellationToken.None))!;
        Assert.Equal((sealedAt18.RecordHash, sha256, textSha256), (migrated.RecordHash, migrated.Sha256, migrated.TextSha256));
        Assert.Null(migrated.Extraction);
        Assert.DoesNotContain("extraction", SnapshotChain.Fields);
        await using (var db = await services.OpenAsync())
        {
            Assert.Null(await db.QuerySingleAsync<string?>("SELECT extraction FROM host_probes"));
        }

        var chain = await services.Get<ChainVerifier>().VerifyAsync(CancellationToken.None);
        Assert.True(chain.Intact, chain.ToString());
        Assert.Equal((1L, sealedAt18.RecordHash), (chain.Length, chain.HeadRecordHash));
    }
}
