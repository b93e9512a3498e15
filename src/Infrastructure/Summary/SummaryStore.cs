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

/// <summary>The summary and until when it holds if nothing is written meanwhile (null: until the next write).</summary>
public sealed record SummaryReading(MonitorSummary Summary, DateTimeOffset? HoldsUntil);

/// <summary>The dashboard's figures: of the citations watched (retired ones left out), and of the changes of the last week.</summary>
internal sealed class SummaryStore(IDbConnectionFactory connections, TimeProvider time)
{
    private static readonly TimeSpan ChangesWindow = TimeSpan.FromDays(7);

    public async Task<MonitorSummary> GetAsync(CancellationToken cancellationToken) => (await ReadAsync(cancellationToken)).Summary;

    /// <summary>
    /// The summary, from one pass over the citations (one row per host, health and last status, read from
    /// <c>ix_citations_summary</c> alone) and the changes of the last seven days; with the moment the oldest of those
    /// changes leaves the seven days, when the count drops though nothing was written.
    /// </summary>
    public async Task<SummaryReading> ReadAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var groups = await work.QueryAsync<CitationGroup>(
            """
            SELECT host, health, last_status, COUNT(*) AS citations, SUM(CASE WHEN change_count > 0 THEN 1 ELSE 0 END) AS changed, MAX(last_checked_at) AS last_checked_at
            FROM citations WHERE retired = 0 GROUP BY host, health, last_status
            """, null, cancellationToken);
        var since = time.GetUtcNow() - ChangesWindow;
        var (changes, oldest) = await work.SingleAsync<(int, DateTimeOffset?)>(
            // MIN(detected_at) as well as the count: both from one range of ix_changes_detected.
            "SELECT COUNT(*), MIN(detected_at) FROM changes WHERE detected_at >= @since", new { since }, cancellationToken);

        var byHost = groups
            .GroupBy(g => g.Host, StringComparer.Ordinal)
            .Select(h => new HostSummary
            {
                Host = h.Key,
                Citations = h.Sum(g => g.Citations),
                Broken = h.Where(g => g.Health == CitationHealth.Broken).Sum(g => g.Citations),
                Changed = h.Sum(g => g.Changed),
            })
            // As SQL ordered them: most citations first, then by host (ASCII: hosts are stored in punycode).
            .OrderByDescending(h => h.Citations).ThenBy(h => h.Host, StringComparer.Ordinal)
            .ToList();

        // Every value of the vocabulary is present, zero or not, so dashboards need no special cases.
        var summary = new MonitorSummary(
            (int)groups.Sum(g => g.Citations),
            CitationHealthNames.All.ToDictionary(h => h, h => (int)groups.Where(g => g.Health.ToWireName() == h).Sum(g => g.Citations)),
            CheckStatusNames.All.ToDictionary(s => s, s => (int)groups.Where(g => g.LastStatus?.ToWireName() == s).Sum(g => g.Citations)),
            byHost,
            groups.Max(g => g.LastCheckedAt),
            changes);
        return new SummaryReading(summary, oldest + ChangesWindow);
    }

    /// <summary>The citations of one host with one health and one last status.</summary>
    private sealed class CitationGroup
    {
        public string Host { get; init; } = "";
        public CitationHealth Health { get; init; }
        public CheckStatus? LastStatus { get; init; }
        public long Citations { get; init; }
        public long Changed { get; init; }
        public DateTimeOffset? LastCheckedAt { get; init; }
    }
}
