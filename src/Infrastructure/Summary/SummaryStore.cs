using CitationMonitor.Infrastructure.Persistence;
using Dapper;

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

internal sealed class SummaryStore(IDbConnectionFactory connections, TimeProvider time)
{
    public async Task<MonitorSummary> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COUNT(*) FROM citations", cancellationToken: cancellationToken));
        var byHealth = await connection.QueryAsync<(string Key, int Count)>(new CommandDefinition(
            "SELECT health, COUNT(*) FROM citations GROUP BY health ORDER BY health", cancellationToken: cancellationToken));
        var byStatus = await connection.QueryAsync<(string Key, int Count)>(new CommandDefinition(
            "SELECT last_status, COUNT(*) FROM citations WHERE last_status IS NOT NULL GROUP BY last_status ORDER BY last_status",
            cancellationToken: cancellationToken));
        var byHost = await connection.QueryAsync<HostSummary>(new CommandDefinition(
            """
            SELECT host,
                   COUNT(*) AS citations,
                   SUM(CASE WHEN health = 'broken' THEN 1 ELSE 0 END) AS broken,
                   SUM(CASE WHEN change_count > 0 THEN 1 ELSE 0 END) AS changed
            FROM citations GROUP BY host ORDER BY COUNT(*) DESC, host
            """, cancellationToken: cancellationToken));
        var lastCheck = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT MAX(last_checked_at) FROM citations", cancellationToken: cancellationToken));
        var changes = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM changes WHERE detected_at >= @since",
            new { since = DbTime.ToDb(time.GetUtcNow().AddDays(-7)) }, cancellationToken: cancellationToken));

        return new MonitorSummary(
            total,
            byHealth.ToDictionary(r => r.Key, r => r.Count),
            byStatus.ToDictionary(r => r.Key, r => r.Count),
            byHost.AsList(),
            DbTime.FromDbOrNull(lastCheck),
            changes);
    }
}
