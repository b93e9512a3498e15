using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Noise;

/// <summary>Ignore rules and confirmation against a real loopback site whose pages tick, rotate and get edited.</summary>
public sealed class NoiseControlTests : IAsyncLifetime
{
    private int _requests;
    private string _article = "La comisión registró cuarenta casos de detención arbitraria.";
    private int _failRequest = -1;
    private string _glitch = "";
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        // A counter inside the main block, different on every request, like many government CMS pages.
        app.MapGet("/ticking", () =>
        {
            var n = Interlocked.Increment(ref _requests);
            if (n == Volatile.Read(ref _failRequest))
            {
                return Results.StatusCode(503);
            }

            return Results.Content(
                $"<html><body><main><h1>Comunicado 027</h1><p>{_article}</p><p>Esta nota ha sido vista {1000 + n} veces</p></main></body></html>",
                "text/html; charset=utf-8");
        });
        // A long sentence whose figure is wrong in one single answer, then right again, then really edited.
        app.MapGet("/flap", () => Results.Content(
            $"<html><body><main><p>{(Interlocked.Increment(ref _requests) == Volatile.Read(ref _failRequest) ? _glitch : _article)}</p></main></body></html>",
            "text/html; charset=utf-8"));
        app.MapGet("/dated", () => Results.Content(
            $"<html><body><main><p>{_article}</p><p>Impreso el {Interlocked.Increment(ref _requests)}/11/2026</p></main></body></html>",
            "text/html; charset=utf-8"));
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [OnBothDatabases]
    public async Task BlockThatChangesOnEveryFetch_IsLearnedAndNeverAChange()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:RetryAttempts"] = "0" });
        var id = await services.WatchAsync(_server.Url("/ticking"));
        var checker = services.Get<CitationChecker>();

        for (var i = 0; i < 4; i++)
        {
            Assert.False((await services.CheckedAsync(id)).ContentChanged);
        }

        Assert.Empty((await services.ChangesAsync(id)).Items);
        var learned = await services.Get<VolatileLineStore>().ListAsync(id, new PageRequest(), CancellationToken.None);
        var line = Assert.Single(learned.Items);
        Assert.Equal("Esta nota ha sido vista 0 veces", line.Shape);
        Assert.StartsWith("Esta nota ha sido vista", line.Example, StringComparison.Ordinal);
    }

    [OnBothDatabases]
    public async Task ChangeThatHoldsOnRefetch_IsAChangeWithoutTheVolatileLine()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:RetryAttempts"] = "0" });
        var id = await services.WatchAsync(_server.Url("/ticking"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);

        _article = "La comisión registró cincuenta casos de detención arbitraria.";
        var check = await services.CheckedAsync(id);

        Assert.True(check.ContentChanged);
        var change = Assert.Single((await services.ChangesAsync(id)).Items);
        Assert.Equal(1, change.InsertedWords);
        Assert.Equal(1, change.DeletedWords);
        var edits = change.Diff
            .Where(segment => segment.Type != DiffType.Equal).ToList();
        Assert.Equal(["cuarenta", "cincuenta"], edits.Select(segment => segment.Text));
    }

    [OnBothDatabases]
    public async Task ChangeWhoseConfirmingFetchFails_IsReportedOnceItHolds()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:RetryAttempts"] = "0" });
        var id = await services.WatchAsync(_server.Url("/ticking"));
        await services.CheckedAsync(id);
        _article = "La comisión registró cincuenta casos de detención arbitraria.";

        // The first fetch of the next check sees the edit; the confirming one, right after it, fails.
        Volatile.Write(ref _failRequest, Volatile.Read(ref _requests) + 2);
        var unconfirmed = await services.CheckedAsync(id);

        Assert.False(unconfirmed.ContentChanged);
        Assert.Empty((await services.ChangesAsync(id)).Items);
        var kept = await services.Get<Snapshots.SnapshotStore>().GetAsync(unconfirmed.SnapshotId!.Value, CancellationToken.None);
        Assert.True(kept!.Unconfirmed);

        // The edit holds: the next check still compares with the last confirmed text, so the change is not lost.
        var confirmed = await services.CheckedAsync(id);

        Assert.True(confirmed.ContentChanged);
        var change = Assert.Single((await services.ChangesAsync(id)).Items);
        Assert.Contains(change.Diff, d => d.Text.Contains("cincuenta", StringComparison.Ordinal));
        Assert.Contains(change.Diff, d => d.Text.Contains("cuarenta", StringComparison.Ordinal));
        Assert.Equal(1, change.InsertedWords);
    }

    [OnBothDatabases]
    public async Task OneOddAnswer_DoesNotSilenceALongSentenceForGood()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:RetryAttempts"] = "0" });
        _article = "A total of 1,250 people were detained at the checkpoint during the operation last week.";
        _glitch = "A total of 1,300 people were detained at the checkpoint during the operation last week.";
        var id = await services.WatchAsync(_server.Url("/flap"));
        await services.CheckedAsync(id);

        Volatile.Write(ref _failRequest, Volatile.Read(ref _requests) + 1);
        Assert.False((await services.CheckedAsync(id)).ContentChanged);

        _article = "A total of 1,400 people were detained at the checkpoint during the operation last week.";
        Assert.True((await services.CheckedAsync(id)).ContentChanged);
        var change = Assert.Single((await services.ChangesAsync(id)).Items);
        Assert.Contains(change.Diff, d => d.Text.Contains("1,400", StringComparison.Ordinal));
    }

    [OnBothDatabases]
    public async Task ConfiguredIgnorePattern_KeepsALineOutOfEveryComparison()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Noise:Hosts:127.0.0.1:IgnorePatterns:0"] = @"^Impreso el .*$",
        });
        var id = await services.WatchAsync(_server.Url("/dated"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);
        var requestsAfterFirst = Volatile.Read(ref _requests);

        var check = await services.CheckedAsync(id);

        Assert.False(check.ContentChanged);
        Assert.Equal(requestsAfterFirst + 1, Volatile.Read(ref _requests));
        Assert.Empty((await services.Get<VolatileLineStore>().ListAsync(id, new PageRequest(), CancellationToken.None)).Items);
    }

    [OnBothDatabases]
    public async Task InvalidIgnorePattern_IsRefusedAtStartWithItsKey()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Noise:Hosts:gob.mx:IgnorePatterns:0"] = "(unclosed",
        });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => services.Get<Microsoft.Extensions.Options.IOptions<CitationMonitor.Infrastructure.Options.NoiseOptions>>().Value);
        Assert.Contains("Monitor:Noise:Hosts:gob.mx:IgnorePatterns:0", error.Message, StringComparison.Ordinal);
    }
}
