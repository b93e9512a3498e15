using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Summary;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Persistence;

/// <summary>
/// How SQLite runs the SQL the stores send for the reads a dashboard polls (migration 0020): each read goes through its
/// index, never through every row of a table. The plans are asked of SQLite for the statements the stores really ran.
/// </summary>
public sealed class ReadQueryPlanTests : IAsyncLifetime
{
    private MonitorServices _services = null!;
    private StatementLog _log = null!;

    public async Task InitializeAsync()
    {
        _services = await MonitorServices.StartAsync(configure: StatementLog.Register);
        _log = (StatementLog)_services.Get<IDbConnectionFactory>();
        await _services.WatchAsync("https://www.gob.mx/a");
        _log.Clear();
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task CitationsOfOneHealth_AreCountedAndPagedFromTheHealthIndex()
    {
        await _services.Get<CitationStore>().ListAsync(new CitationFilter(Health: CitationHealth.Broken), new PageRequest(), CancellationToken.None);

        var plans = (await _log.PlansAsync(_services.DatabasePath)).Where(p => p.Statement.Contains("FROM citations c", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, plans.Count);
        var (count, page) = (plans[0].Plan, plans[1].Plan);
        Assert.Contains("SEARCH c USING COVERING INDEX ix_citations_health_listed (health=? AND retired=?)", count);
        Assert.Contains("SEARCH c USING INDEX ix_citations_health_listed (health=? AND retired=?)", page);
        Assert.DoesNotContain(page, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("status", "ix_citations_status_listed (last_status=? AND retired=?)")]
    [InlineData("host", "ix_citations_host_listed (host=? AND retired=?)")]
    public async Task CitationsOfOneStatusOrHost_AreCountedFromTheirIndex(string filter, string index)
    {
        var citations = filter == "status"
            ? new CitationFilter(Status: Domain.Checks.CheckStatus.NotFound)
            : new CitationFilter(Host: "www.gob.mx");

        await _services.Get<CitationStore>().ListAsync(citations, new PageRequest(), CancellationToken.None);

        var count = (await _log.PlansAsync(_services.DatabasePath)).First(p => p.Statement.Contains("COUNT(*) FROM citations c", StringComparison.Ordinal));
        Assert.Contains("SEARCH c USING COVERING INDEX " + index, count.Plan);
    }

    [Fact]
    public async Task Summary_ReadsTheSummaryIndexAloneInOnePass_WithoutSorting()
    {
        await _services.Get<SummaryStore>().ReadAsync(CancellationToken.None);

        var plans = await _log.PlansAsync(_services.DatabasePath);
        var citations = Assert.Single(plans, p => p.Statement.Contains("FROM citations", StringComparison.Ordinal));
        Assert.Equal(["SEARCH citations USING COVERING INDEX ix_citations_summary (retired=?)"], citations.Plan);
        var changes = Assert.Single(plans, p => p.Statement.Contains("FROM changes", StringComparison.Ordinal));
        Assert.Equal(["SEARCH changes USING COVERING INDEX ix_changes_detected (detected_at>?)"], changes.Plan);
    }

    [Fact]
    public async Task ChangesSince_AreReadFromTheFirstIdDetectedSince_NotFromEveryChange()
    {
        await _services.Get<ChangeStore>().ListAsync(new ChangeFilter(Since: DateTimeOffset.UnixEpoch), new PageRequest(), CancellationToken.None);

        var plans = (await _log.PlansAsync(_services.DatabasePath)).Where(p => p.Statement.Contains("FROM changes ch", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, plans.Count);
        var (count, page) = (plans[0].Plan, plans[1].Plan);
        // The count reads the index alone, and no other table.
        Assert.All(
            count.Where(line => line.StartsWith("SEARCH", StringComparison.Ordinal) || line.StartsWith("SCAN", StringComparison.Ordinal)),
            line => Assert.Contains("COVERING INDEX ix_changes_detected", line, StringComparison.Ordinal));
        Assert.Contains("SEARCH ch USING INTEGER PRIMARY KEY (rowid>?)", page);
        Assert.Contains("SEARCH changes USING COVERING INDEX ix_changes_detected (detected_at>?)", page);
        Assert.DoesNotContain(page, line => line.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WhenTheSourcesOfADocumentTookTheirHealth_IsReadFromAnIndexAlone()
    {
        await _services.Get<HealthTransitionStore>().CurrentSinceForDocumentAsync(1, CancellationToken.None);

        var transitions = Assert.Single(await _log.PlansAsync(_services.DatabasePath), p => p.Statement.Contains("FROM health_transitions", StringComparison.Ordinal));
        Assert.Contains("SEARCH t USING COVERING INDEX ix_health_transitions_citation_at (citation_id=?)", transitions.Plan);
    }

    [Fact]
    public async Task ReadIndexesMigration_RunsAgainOnAFileThatHasItsIndexes()
    {
        await using var connection = await _services.OpenAsync();
        var script = Migrator.All.Single(m => m.Version == 20).Sql;

        await connection.ExecuteAsync(script);

        Assert.Equal(
            ["ix_citations_health_listed", "ix_citations_host_listed", "ix_citations_status_listed", "ix_citations_summary"],
            await connection.QueryAsync<string>(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('ix_citations_health_listed', 'ix_citations_host_listed', 'ix_citations_status_listed', 'ix_citations_summary', 'ix_citations_health', 'ix_citations_host', 'ix_citations_last_status') ORDER BY name"));
    }
}
