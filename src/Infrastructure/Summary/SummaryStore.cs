using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Summary;

/// <summary>One host's line of the summary (settable properties: Dapper fills it whatever the column types).</summary>
public sealed record HostSummary
{
    public string Host { get; init; } = "";
    public long Citations { get; init; }
    public long Broken { get; init; }
    public long Changed { get; init; }
}

public sealed record MonitorSummary(
    int Citations,
    IReadOnlyDictionary<string, int> ByHealth,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyList<HostSummary> ByHost,
    DateTimeOffset? LastCheckAt,
    int ChangesLast7Days);

/// <summary>The dashboard's figures: of the citations watched (retired ones left out), and of the changes of the last week.</summary>
internal sealed class SummaryStore(IDbConnectionFactory connections, TimeProvider time)
{
    public async Task<MonitorSummary> GetAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var total = await work.ScalarAsync<int>("SELECT COUNT(*) FROM citations WHERE retired = 0", null, cancellationToken);
        var byHealth = await work.QueryAsync<(CitationHealth Health, int Count)>(
            "SELECT health, COUNT(*) FROM citations WHERE retired = 0 GROUP BY health ORDER BY health", null, cancellationToken);
        var byStatus = await work.QueryAsync<(CheckStatus Status, int Count)>(
            "SELECT last_status, COUNT(*) FROM citations WHERE retired = 0 AND last_status IS NOT NULL GROUP BY last_status ORDER BY last_status",
            null, cancellationToken);
        var byHost = await work.QueryAsync<HostSummary>(
            """
            SELECT host,
                   COUNT(*) AS citations,
                   SUM(CASE WHEN health = @broken THEN 1 ELSE 0 END) AS broken,
                   SUM(CASE WHEN change_count > 0 THEN 1 ELSE 0 END) AS changed
            FROM citations WHERE retired = 0 GROUP BY host ORDER BY COUNT(*) DESC, host
            """, new { broken = CitationHealth.Broken }, cancellationToken);
        var lastCheck = await work.ScalarAsync<DateTimeOffset?>("SELECT MAX(last_checked_at) FROM citations WHERE retired = 0", null, cancellationToken);
        var changes = await work.ScalarAsync<int>(
            "SELECT COUNT(*) FROM changes WHERE detected_at >= @since", new { since = time.GetUtcNow().AddDays(-7) }, cancellationToken);

        // Every value of the vocabulary is present, zero or not, so dashboards need no special cases.
        return new MonitorSummary(
            total,
            CitationHealthNames.All.ToDictionary(h => h, h => byHealth.Where(r => r.Health.ToWireName() == h).Sum(r => r.Count)),
            CheckStatusNames.All.ToDictionary(s => s, s => byStatus.Where(r => r.Status.ToWireName() == s).Sum(r => r.Count)),
            byHost,
            lastCheck,
            changes);
    }
}
