using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>When a checked citation is due again: the interval, its jitter (pinned here), and a host's pause.</summary>
public sealed class NextCheckScheduleTests
{
    private static readonly DateTimeOffset Started = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [OnBothDatabasesTheory]
    [InlineData(0.0, 0.9)]
    [InlineData(0.5, 1.0)]
    [InlineData(0.75, 1.05)]
    public void NextCheck_IsTheIntervalSpreadByTheJitterDrawn(double draw, double factor)
    {
        var schedule = Schedule(new FakeTimeProvider(Started), draw, out _);

        var next = schedule.After(Fetch("https://www.gob.mx/informe"));

        Assert.Equal(Started + (TimeSpan.FromDays(1) * factor), next);
    }

    [OnBothDatabases]
    public void NextCheck_TakesTheCitationsOwnInterval_ElseTheConfiguredOne()
    {
        var schedule = Schedule(new FakeTimeProvider(Started), 0.5, out _);

        Assert.Equal(Started + TimeSpan.FromDays(7), schedule.After(Fetch("https://www.gob.mx/informe"), TimeSpan.FromDays(7)));
        Assert.Equal(Started + TimeSpan.FromDays(1), schedule.After(Fetch("https://www.gob.mx/informe"), null));
    }

    [OnBothDatabases]
    public void Jitter_StaysWithinTenPercentOfTheInterval()
    {
        var jitter = IntervalJitter.Random;

        var factors = Enumerable.Range(0, 1000).Select(_ => jitter.NextFactor()).ToList();

        Assert.All(factors, f => Assert.InRange(f, -0.1, 0.1));
        Assert.True(factors.Distinct().Count() > 900, "the jitter does not spread the intervals");
    }

    [OnBothDatabases]
    public void NextCheck_IsNeverBeforeTheEndOfAPauseTheHostAskedFor()
    {
        var time = new FakeTimeProvider(Started);
        var schedule = Schedule(time, 0.5, out var pacer);
        pacer.HoldOff("www.gob.mx", TimeSpan.FromDays(3));

        Assert.Equal(Started + TimeSpan.FromDays(3), schedule.After(Fetch("https://www.gob.mx/informe")));
        Assert.Equal(Started + TimeSpan.FromDays(1), schedule.After(Fetch("https://www.cidh.oas.org/informe")));
    }

    [OnBothDatabases]
    public async Task ACheck_TakesItsJitterFromTheInjectedSource()
    {
        await using var site = await LoopbackServer.StartAsync(app =>
            app.MapGet("/informe", () => Results.Content("<html><body><p>Informe anual.</p></body></html>", "text/html")));
        await using var services = await MonitorServices.StartAsync(
            new Dictionary<string, string?> { ["Monitor:Worker:CheckInterval"] = "10.00:00:00" },
            configure: s => s.AddSingleton(new IntervalJitter(() => 1.0)));

        var check = await services.CheckedAsync(await services.WatchAsync(site.Url("/informe")));
        var citation = (await services.Get<Citations.CitationStore>().GetRowAsync(check.CitationId, CancellationToken.None))!;

        Assert.Equal(check.StartedAt + TimeSpan.FromDays(11), citation.NextCheckAt);
    }

    private static NextCheckSchedule Schedule(TimeProvider time, double draw, out HostPacer pacer)
    {
        pacer = new HostPacer(Microsoft.Extensions.Options.Options.Create(new FetchOptions()), time);
        return new NextCheckSchedule(
            Microsoft.Extensions.Options.Options.Create(new WorkerOptions { CheckInterval = TimeSpan.FromDays(1) }), pacer, new IntervalJitter(() => draw));
    }

    private static FetchResult Fetch(string url) => new()
    {
        Status = Domain.Checks.CheckStatus.Ok,
        Url = url,
        FinalUrl = url,
        StartedAt = Started,
        Duration = TimeSpan.FromMilliseconds(120),
    };
}
