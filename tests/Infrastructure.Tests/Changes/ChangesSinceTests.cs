using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Changes;

/// <summary>
/// Changes since (and until) a time are the same changes, in the same order, with the same total, as the plain filter
/// on detected_at gives, now that the page is read from the first id that can match: also when ids do not follow the
/// times they were detected at (a long check commits after a shorter one that started later).
/// </summary>
public sealed class ChangesSinceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private MonitorServices _services = null!;

    public async Task InitializeAsync()
    {
        _services = await MonitorServices.StartAsync();
        var citation = await _services.WatchAsync("https://www.gob.mx/comunicado");
        await using var db = await _services.OpenAsync();
        await db.ExecuteAsync(
            """
            INSERT INTO bodies (sha256, byte_length, encoding, data, created_at) VALUES ('b', 0, 'identity', @empty, '2026-11-01T00:00:00.0000000Z');
            INSERT INTO texts (sha256, char_length, encoding, data) VALUES ('t', 0, 'identity', @empty);
            INSERT INTO snapshots (id, citation_id, captured_at, url, final_url, http_status, check_status, kind, byte_length, sha256, text_sha256, truncated)
            VALUES (1, @citation, '2026-11-01T00:00:00.0000000Z', 'u', 'u', 200, 'ok', 'html', 0, 'b', 't', 0);
            """, new { citation, empty = Array.Empty<byte>() });

        // 120 changes an hour apart, their ids shuffled against their times: id n detected at hour (n * 37) % 120.
        for (var n = 1; n <= 120; n++)
        {
            await db.ExecuteAsync(
                """
                INSERT INTO changes (id, citation_id, detected_at, from_snapshot_id, to_snapshot_id, similarity, inserted_words, deleted_words, diff)
                VALUES (@n, @citation, @at, 1, 1, 0.5, 1, 1, '[]')
                """, new { n, citation, at = Start.AddHours(n * 37 % 120) });
        }
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [OnBothDatabasesTheory]
    [InlineData(0, null, 1, 50)]
    [InlineData(0, null, 3, 50)]
    [InlineData(60, null, 1, 50)]
    [InlineData(118, null, 1, 50)]
    [InlineData(119, null, 1, 10)]
    [InlineData(200, null, 1, 50)]
    [InlineData(null, 30, 1, 50)]
    [InlineData(10, 100, 1, 20)]
    [InlineData(10, 100, 2, 20)]
    [InlineData(50, 51, 1, 50)]
    public async Task ChangesSinceAndUntil_AreThoseThePlainFilterGives(int? sinceHour, int? untilHour, int page, int pageSize)
    {
        var since = sinceHour is { } s ? Start.AddHours(s) : (DateTimeOffset?)null;
        var until = untilHour is { } u ? Start.AddHours(u) : (DateTimeOffset?)null;

        var listed = await _services.Get<ChangeStore>().ListAsync(new ChangeFilter(since, until), new PageRequest(page, pageSize), CancellationToken.None);

        await using var db = await _services.OpenAsync();
        var where = "WHERE " + (since is null ? "1 = 1" : "detected_at >= @since") + (until is null ? "" : " AND detected_at < @until");
        var parameters = new { since, until, limit = pageSize, offset = (page - 1) * pageSize };
        Assert.Equal(await db.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM changes {where}", parameters), listed.Total);
        Assert.Equal(
            await db.QueryAsync<long>($"SELECT id FROM changes {where} ORDER BY id DESC LIMIT @limit OFFSET @offset", parameters),
            listed.Items.Select(c => c.Id));
    }
}
