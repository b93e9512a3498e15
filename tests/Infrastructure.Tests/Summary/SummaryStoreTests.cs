using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Summary;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Infrastructure.Tests.Summary;

/// <summary>
/// The summary read in one pass over an index gives what the five queries it replaced gave, kept here as the reference,
/// on a watch list with every case they handled: retired citations, citations never checked, hosts tied on their count,
/// changes inside and outside the last seven days.
/// </summary>
public sealed class SummaryStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private readonly MovableClock _clock = new();
    private MonitorServices _services = null!;

    public async Task InitializeAsync()
    {
        _services = await MonitorServices.StartAsync(configure: services => services.AddSingleton<TimeProvider>(_clock));
        _clock.Advance(Now - _clock.GetUtcNow());
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [OnBothDatabases]
    public async Task OnePass_GivesWhatTheFiveQueriesGave()
    {
        await WatchListAsync();

        var summary = (await _services.Get<SummaryStore>().ReadAsync(CancellationToken.None)).Summary;

        var expected = await ReferenceAsync();
        Assert.Equal(expected.Citations, summary.Citations);
        Assert.Equal(expected.ByHealth, summary.ByHealth);
        Assert.Equal(expected.ByStatus, summary.ByStatus);
        Assert.Equal(expected.ByHost, summary.ByHost);
        Assert.Equal(expected.LastCheckAt, summary.LastCheckAt);
        Assert.Equal(expected.ChangesLast7Days, summary.ChangesLast7Days);
        Assert.Equal(10, summary.Citations);
        Assert.Equal(["b.example", "a.example", "c.example", "d.example"], summary.ByHost.Select(h => h.Host));
    }

    [OnBothDatabases]
    public async Task OnAnEmptyDatabase_AllZeros_AndHoldsUntilTheNextWrite()
    {
        var reading = await _services.Get<SummaryStore>().ReadAsync(CancellationToken.None);

        Assert.Equal(0, reading.Summary.Citations);
        Assert.Empty(reading.Summary.ByHost);
        Assert.All(reading.Summary.ByHealth.Values, n => Assert.Equal(0, n));
        Assert.Null(reading.Summary.LastCheckAt);
        Assert.Null(reading.HoldsUntil);
    }

    [OnBothDatabases]
    public async Task HoldsUntil_TheOldestChangeOfTheSevenDaysLeavesThem_ThenTheCountDrops()
    {
        await WatchListAsync();
        var store = _services.Get<SummaryStore>();

        var reading = await store.ReadAsync(CancellationToken.None);

        await using (var db = await _services.OpenAsync())
        {
            var oldest = await db.ExecuteScalarAsync<DateTimeOffset?>("SELECT MIN(detected_at) FROM changes WHERE detected_at >= @since", new { since = Now.AddDays(-7) });
            Assert.Equal(oldest!.Value.AddDays(7), reading.HoldsUntil);
        }

        _clock.Advance(reading.HoldsUntil!.Value - Now - TimeSpan.FromSeconds(1));
        Assert.Equal(reading.Summary.ChangesLast7Days, (await store.ReadAsync(CancellationToken.None)).Summary.ChangesLast7Days);
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await store.ReadAsync(CancellationToken.None)).Summary.ChangesLast7Days < reading.Summary.ChangesLast7Days);
    }

    /// <summary>
    /// Thirteen citations over five hosts (b.example with most; a.example, c.example and d.example tied, so ordered by
    /// name; e.example's only citation retired), with every health, some never checked, three retired (left out), and
    /// changes from one to nine days old.
    /// </summary>
    private async Task WatchListAsync()
    {
        (string Host, CitationHealth Health, CheckStatus? Status, int Changes, int DaysAgo, bool Retired)[] citations =
        [
            ("b.example", CitationHealth.Healthy, CheckStatus.Ok, 2, 1, false),
            ("b.example", CitationHealth.Broken, CheckStatus.NotFound, 0, 2, false),
            ("b.example", CitationHealth.Broken, CheckStatus.DnsError, 1, 3, false),
            ("b.example", CitationHealth.Unknown, null, 0, 0, false),
            ("a.example", CitationHealth.Healthy, CheckStatus.Ok, 0, 1, false),
            ("a.example", CitationHealth.Degraded, CheckStatus.Timeout, 3, 5, false),
            ("a.example", CitationHealth.Healthy, CheckStatus.Ok, 5, 1, true),
            ("c.example", CitationHealth.Blocked, CheckStatus.Blocked, 0, 4, false),
            ("c.example", CitationHealth.Broken, CheckStatus.NotFound, 1, 2, false),
            ("d.example", CitationHealth.Unknown, null, 0, 0, false),
            ("d.example", CitationHealth.Broken, CheckStatus.Gone, 0, 9, true),
            ("e.example", CitationHealth.Healthy, CheckStatus.Ok, 0, 1, true),
            ("d.example", CitationHealth.Healthy, CheckStatus.Ok, 1, 0, false),
        ];
        await using var connection = await _services.OpenAsync();
        for (var i = 0; i < citations.Length; i++)
        {
            var c = citations[i];
            var id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO citations (url, normalized_url, url_key, host, health, last_status, last_checked_at, next_check_at, change_count, retired, created_at)
                VALUES (@url, @url, @key, @Host, @health, @status, @checkedAt, @created, @Changes, @retired, @created)
                RETURNING id
                """,
                new
                {
                    url = $"https://{c.Host}/{i}", key = $"{c.Host}/{i}", c.Host, health = WireName(c.Health),
                    status = c.Status is { } s ? WireName(s) : null,
                    checkedAt = c.Status is null ? (DateTimeOffset?)null : Now.AddDays(-c.DaysAgo).AddMinutes(i),
                    created = Now.AddDays(-30), c.Changes, retired = c.Retired ? 1 : 0,
                });
            if (c.Changes > 0)
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO bodies (sha256, byte_length, encoding, data, created_at) VALUES ('b', 0, 'identity', @empty, @created) ON CONFLICT DO NOTHING;
                    INSERT INTO texts (sha256, char_length, encoding, data) VALUES ('t', 0, 'identity', @empty) ON CONFLICT DO NOTHING;
                    INSERT INTO snapshots (citation_id, captured_at, url, final_url, http_status, check_status, kind, byte_length, sha256, text_sha256, truncated)
                    VALUES (@id, @capturedAt, 'u', 'u', 200, 'ok', 'html', 0, 'b', 't', 0);
                    """, new { id, created = Now.AddDays(-30), capturedAt = DbTime.ToDb(Now.AddDays(-30)), empty = Array.Empty<byte>() });
            }

            for (var n = 0; n < c.Changes; n++)
            {
                // Detected one to nine days ago: some in the last seven days, some before.
                await connection.ExecuteAsync(
                    """
                    INSERT INTO changes (citation_id, detected_at, from_snapshot_id, to_snapshot_id, similarity, inserted_words, deleted_words, diff)
                    SELECT @id, @at, MIN(id), MIN(id), 0.5, 1, 1, '[]' FROM snapshots WHERE citation_id = @id
                    """, new { id, at = Now.AddDays(-(1 + ((i + (n * 4)) % 9))).AddHours(-1) });
            }
        }
    }

    /// <summary>The summary as the five queries before migration 0020 read it.</summary>
    private async Task<MonitorSummary> ReferenceAsync()
    {
        await using var db = await _services.OpenAsync();
        var total = await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citations WHERE retired = 0");
        var byHealth = (await db.QueryAsync<(string Health, int Count)>(
            "SELECT health, COUNT(*) FROM citations WHERE retired = 0 GROUP BY health ORDER BY health")).ToList();
        var byStatus = (await db.QueryAsync<(string Status, int Count)>(
            "SELECT last_status, COUNT(*) FROM citations WHERE retired = 0 AND last_status IS NOT NULL GROUP BY last_status ORDER BY last_status")).ToList();
        var byHost = (await db.QueryAsync<HostSummary>(
            """
            SELECT host,
                   COUNT(*) AS citations,
                   SUM(CASE WHEN health = 'broken' THEN 1 ELSE 0 END) AS broken,
                   SUM(CASE WHEN change_count > 0 THEN 1 ELSE 0 END) AS changed
            FROM citations WHERE retired = 0 GROUP BY host ORDER BY COUNT(*) DESC, host
            """)).ToList();
        var lastCheck = await db.ExecuteScalarAsync<DateTimeOffset?>("SELECT MAX(last_checked_at) FROM citations WHERE retired = 0");
        var changes = await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM changes WHERE detected_at >= @since", new { since = Now.AddDays(-7) });
        return new MonitorSummary(
            total,
            CitationHealthNames.All.ToDictionary(h => h, h => byHealth.Where(r => r.Health == h).Sum(r => r.Count)),
            CheckStatusNames.All.ToDictionary(s => s, s => byStatus.Where(r => r.Status == s).Sum(r => r.Count)),
            byHost,
            lastCheck,
            changes);
    }

    private static string WireName<TEnum>(TEnum value) where TEnum : struct, Enum => Domain.Vocabulary.WireName.Of(value);
}
