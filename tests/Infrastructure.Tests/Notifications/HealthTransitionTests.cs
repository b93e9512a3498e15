using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Notifications;

/// <summary>Every change of a citation's health leaves a row, whether a check or time caused it.</summary>
public sealed class HealthTransitionTests : IAsyncLifetime
{
    private volatile bool _failing;
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app => app.MapGet("/source", () => _failing
        ? Results.StatusCode(410)
        : Results.Content("<html><body><main><p>The report stands.</p></main></body></html>", "text/html")));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [OnBothDatabases]
    public async Task DegradedThenBrokenThenHealthy_RecordsOneTransitionEachWithItsCheck()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Health:BrokenAfterFailures"] = "2",
            ["Monitor:Health:BrokenAfter"] = "00:00:00",
        });
        var id = await services.WatchAsync(_server.Url("/source"));
        var checker = services.Get<CitationChecker>();

        _failing = true;
        var first = await services.CheckedAsync(id);
        var second = await services.CheckedAsync(id);
        _failing = false;
        var third = await services.CheckedAsync(id);
        await services.CheckedAsync(id);

        await using var connection = await services.OpenAsync();
        var transitions = (await connection.QueryAsync<(string From, string To, long? CheckId)>(
            "SELECT from_health, to_health, check_id FROM health_transitions WHERE citation_id = @id ORDER BY id", new { id })).ToList();
        Assert.Equal(
            [("unknown", "degraded", (long?)first.Id), ("degraded", "broken", second.Id), ("broken", "healthy", third.Id)],
            transitions);
    }

    [OnBothDatabases]
    public async Task OverdueFailures_RecordTheirTransitionWithoutACheck()
    {
        await using var services = await MonitorServices.StartAsync();
        var overdue = await services.WatchAsync("https://example.org/overdue");
        var recent = await services.WatchAsync("https://example.org/recent");
        await using var connection = await services.OpenAsync();
        await connection.ExecuteAsync(
            """
            UPDATE citations SET health = 'degraded', consecutive_failures = 3, first_failure_at = '2020-01-01T00:00:00.0000000Z' WHERE id = @overdue;
            UPDATE citations SET health = 'degraded', consecutive_failures = 3, first_failure_at = '2999-01-01T00:00:00.0000000Z' WHERE id = @recent;
            """, new { overdue, recent });

        var promoted = await services.Get<OverdueBrokenCitations>().PromoteAsync(new HealthOptions().ToPolicy(), CancellationToken.None);

        Assert.Equal(1, promoted);
        var transition = Assert.Single(await connection.QueryAsync<(long CitationId, string From, string To, long? CheckId)>(
            "SELECT citation_id, from_health, to_health, check_id FROM health_transitions"));
        Assert.Equal((overdue, "degraded", "broken", (long?)null), transition);
        Assert.Equal("broken", await connection.ExecuteScalarAsync<string>("SELECT health FROM citations WHERE id = @overdue", new { overdue }));
    }
}
