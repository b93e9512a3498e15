using System.Text.RegularExpressions;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Persistence;

/// <summary>
/// What the stores write, read back as the database holds it: times as fixed-width UTC text, the vocabulary as its wire
/// names, lists as JSON, flags as integers, and nothing at all where a value is missing. Typed rows would read other
/// spellings back just as well; an existing database, the snapshot hash chain and the other processes on one file would not.
/// </summary>
public sealed partial class StoredSpellingTests : IAsyncLifetime
{
    private string _article = "La comisión registró cuarenta casos de detención arbitraria.";
    private LoopbackServer _site = null!;

    public async Task InitializeAsync() => _site = await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/comunicado", () => Results.Content(
            $"<html><head><title>Comunicado</title></head><body><main><p>{_article}</p></main></body></html>", "text/html; charset=utf-8"));
        app.MapGet("/retirado", () => Results.NotFound());
        app.MapGet("/antes", () => Results.Redirect("/comunicado", permanent: true));
    });

    public Task DisposeAsync() => _site.DisposeAsync().AsTask();

    [Fact]
    public async Task ChecksChangesAndHealth_AreStoredInTheirWireSpelling()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Health:BrokenAfterFailures"] = "1", ["Monitor:Health:BrokenAfter"] = "00:00:00" });
        var page = await services.WatchAsync(_site.Url("/comunicado"));
        var gone = await services.WatchAsync(_site.Url("/retirado"));
        var moved = await services.WatchAsync(_site.Url("/antes"));
        await services.QuoteAsync(page, "cuarenta casos de detención");
        await services.CheckedAsync(page);
        _article = "La comisión registró cincuenta casos de detención arbitraria.";
        await services.CheckedAsync(page);
        await services.CheckedAsync(gone);
        await services.CheckedAsync(moved);

        await using var db = await services.OpenAsync();
        var checks = (await db.QueryAsync<(string Status, string StartedAt, string Redirects, string? QuoteStatus, long NotModified, string? FinalUrl)>(
            "SELECT status, started_at, redirects, quote_status, not_modified, final_url FROM checks ORDER BY id")).AsList();
        Assert.Equal(["ok", "ok", "not_found", "ok"], checks.Select(c => c.Status));
        Assert.All(checks, c => Assert.Matches(StoredTime(), c.StartedAt));
        Assert.Equal(["found", "altered", null, "none"], checks.Select(c => c.QuoteStatus));
        Assert.Equal("[]", checks[0].Redirects);
        Assert.Equal($$"""[{"url":"{{_site.Url("/antes")}}","httpStatus":301,"metaRefresh":false}]""", checks[3].Redirects);
        Assert.All(checks, c => Assert.Equal(0, c.NotModified));

        var citations = (await db.QueryAsync<(string Health, string? LastStatus, string NextCheckAt, string? LastOkAt, string? FirstFailureAt)>(
            "SELECT health, last_status, next_check_at, last_ok_at, first_failure_at FROM citations ORDER BY id")).AsList();
        Assert.Equal(["healthy", "broken", "healthy"], citations.Select(c => c.Health));
        Assert.Equal(["ok", "not_found", "ok"], citations.Select(c => c.LastStatus));
        Assert.All(citations, c => Assert.Matches(StoredTime(), c.NextCheckAt));
        Assert.Equal([true, false, true], citations.Select(c => c.LastOkAt is { } at && StoredTime().IsMatch(at)));
        Assert.Equal([false, true, false], citations.Select(c => c.FirstFailureAt is { } at && StoredTime().IsMatch(at)));
        var places = (await db.QueryAsync<(string? QuoteStatus, string? AccessedAt)>("SELECT quote_status, accessed_at FROM places ORDER BY id")).AsList();
        Assert.Equal(["altered", null, null], places.Select(p => p.QuoteStatus));
        var passages = (await db.QueryAsync<string>("SELECT status FROM place_quotes ORDER BY id")).AsList();
        Assert.Equal(["found", "altered"], passages);

        var changes = (await db.QueryAsync<(string Kind, string DetectedAt, string Diff, string? FromQuoteStatus, string? ToQuoteStatus)>(
            "SELECT kind, detected_at, diff, from_quote_status, to_quote_status FROM changes ORDER BY id")).AsList();
        Assert.Equal(["content", "quote"], changes.Select(c => c.Kind));
        Assert.Equal(("found", "altered"), (changes[1].FromQuoteStatus, changes[1].ToQuoteStatus));
        Assert.All(changes, c => Assert.Matches(StoredTime(), c.DetectedAt));
        Assert.Contains("""{"type":"delete","text":"cuarenta"}""", changes[0].Diff, StringComparison.Ordinal);
        Assert.Contains("""{"type":"insert","text":"cincuenta"}""", changes[0].Diff, StringComparison.Ordinal);

        var transitions = (await db.QueryAsync<(string From, string To, string At)>(
            "SELECT from_health, to_health, at FROM health_transitions ORDER BY id")).AsList();
        Assert.Equal([("unknown", "healthy"), ("unknown", "broken"), ("unknown", "healthy")], transitions.Select(t => (t.From, t.To)));
        Assert.All(transitions, t => Assert.Matches(StoredTime(), t.At));

        var snapshots = (await db.QueryAsync<(string CheckStatus, string CapturedAt, long Unconfirmed, string Origin, string? ArchiveDatetime)>(
            "SELECT check_status, captured_at, unconfirmed, origin, archive_datetime FROM snapshots ORDER BY id")).AsList();
        Assert.All(snapshots, s => Assert.Equal(("ok", 0L, "monitor", (string?)null), (s.CheckStatus, s.Unconfirmed, s.Origin, s.ArchiveDatetime)));
        Assert.All(snapshots, s => Assert.Matches(StoredTime(), s.CapturedAt));

        // Nothing is stored with a type its column does not hold: no integer enum, no blob time.
        Assert.Empty(await db.QueryAsync<string>(
            """
            SELECT 'checks' FROM checks WHERE typeof(status) <> 'text' OR typeof(started_at) <> 'text' OR typeof(redirects) <> 'text'
                                          OR typeof(not_modified) <> 'integer' OR typeof(content_changed) <> 'integer'
            UNION ALL SELECT 'citations' FROM citations WHERE typeof(health) <> 'text' OR typeof(next_check_at) <> 'text'
            UNION ALL SELECT 'changes' FROM changes WHERE typeof(kind) <> 'text' OR typeof(detected_at) <> 'text'
            UNION ALL SELECT 'snapshots' FROM snapshots WHERE typeof(check_status) <> 'text' OR typeof(unconfirmed) <> 'integer'
            UNION ALL SELECT 'places' FROM places WHERE typeof(created_at) <> 'text' OR typeof(quote_status) NOT IN ('text', 'null')
            UNION ALL SELECT 'place_quotes' FROM place_quotes WHERE typeof(status) <> 'text'
            """));
    }

    /// <summary>Fixed-width ISO 8601 in UTC, seven fractional digits: text order is time order.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$")]
    private static partial Regex StoredTime();
}
