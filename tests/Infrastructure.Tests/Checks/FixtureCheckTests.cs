using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Fixtures;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>
/// The whole check over the government-style fixture pages, served by a real loopback server that switches
/// between the original, noisy and edited variants: noise never becomes a Change, an edit is exactly one.
/// </summary>
public sealed class FixtureCheckTests : IAsyncLifetime
{
    private volatile PageVariant _serving = FixturePages.Original(FixturePages.GobMx);
    private LoopbackServer _server = null!;
    private MonitorServices _services = null!;

    public static TheoryData<string, string> NoisyVariants() => FixturePages.NoisyCases();

    public static TheoryData<string, string> EditedVariants() => FixturePages.EditedCases();

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync(app => app.MapGet("/source", () => Results.Bytes(_serving.Body, _serving.ContentType)));
        _services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:RetryAttempts"] = "0" });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }

    [OnBothDatabasesTheory]
    [MemberData(nameof(NoisyVariants))]
    public async Task NoisyVariant_YieldsNoChangeAcrossRepeatedChecks(string page, string variant)
    {
        var id = await WatchAsync(FixturePages.Original(page));

        _serving = FixturePages.Noisy(page).Single(v => v.Name == variant);
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await CheckedAsync(id)).ContentChanged);
        }

        _serving = FixturePages.Original(page);
        Assert.False((await CheckedAsync(id)).ContentChanged);
        Assert.Empty((await ChangesAsync(id)).Items);
    }

    [OnBothDatabasesTheory]
    [MemberData(nameof(EditedVariants))]
    public async Task EditedVariant_YieldsExactlyOneChangeNamingTheChangedWords(string page, string variant)
    {
        var id = await WatchAsync(FixturePages.Original(page));
        var edited = FixturePages.Edited(page).Single(v => v.Name == variant);

        _serving = edited;
        Assert.True((await CheckedAsync(id)).ContentChanged);
        Assert.False((await CheckedAsync(id)).ContentChanged);

        var change = Assert.Single((await ChangesAsync(id)).Items);
        var diff = change.Diff;
        Assert.Equal(edited.Deleted, Joined(diff, DiffType.Delete));
        Assert.Equal(edited.Inserted, Joined(diff, DiffType.Insert));
    }

    [OnBothDatabases]
    public async Task RegeneratedPdf_YieldsNoChange_AndAChangedSentenceYieldsOne()
    {
        var id = await WatchAsync(Pdf("original", FixturePdfs.Original()));

        _serving = Pdf("regenerated", FixturePdfs.Regenerated());
        Assert.False((await CheckedAsync(id)).ContentChanged);

        _serving = Pdf("sentence changed", FixturePdfs.SentenceChanged());
        Assert.True((await CheckedAsync(id)).ContentChanged);

        var change = Assert.Single((await ChangesAsync(id)).Items);
        var diff = change.Diff;
        Assert.Equal("12", Joined(diff, DiffType.Delete));
        Assert.Equal("15", Joined(diff, DiffType.Insert));
    }

    private static PageVariant Pdf(string name, byte[] bytes) => new("report.pdf", name, bytes, "application/pdf");

    private static string Joined(IEnumerable<DiffSegment> diff, DiffType type) =>
        string.Join(' ', diff.Where(s => s.Type == type).Select(s => s.Text));

    private async Task<long> WatchAsync(PageVariant original)
    {
        _serving = original;
        var url = _server.Url("/source");
        var id = await _services.WatchAsync(url);
        Assert.Equal(CheckStatus.Ok, (await CheckedAsync(id)).Status);
        return id;
    }

    private async Task<CheckRow> CheckedAsync(long id)
    {
        var run = await _services.Get<CitationChecker>().CheckAsync(id, CancellationToken.None);
        Assert.Equal(CheckRunOutcome.Checked, run.Outcome);
        return run.Check!;
    }

    private Task<Paged<ChangeRow>> ChangesAsync(long id) =>
        _services.Get<ChangeStore>().ListAsync(new ChangeFilter(CitationId: id), new PageRequest(), CancellationToken.None);
}
