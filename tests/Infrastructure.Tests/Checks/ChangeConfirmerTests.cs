using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>A change is confirmed by a second look after ConfirmAfter, measured on the monitor's clock.</summary>
public sealed class ChangeConfirmerTests
{
    [OnBothDatabases]
    public async Task AChangedPage_IsFetchedAgainOnlyOnceConfirmAfterHasPassedOnTheClock()
    {
        var text = "La comisión registró cuarenta casos de detención arbitraria.";
        var requests = 0;
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/comunicado", () =>
        {
            Interlocked.Increment(ref requests);
            return Results.Content($"<html><body><main><p>{Volatile.Read(ref text)}</p></main></body></html>", "text/html; charset=utf-8");
        }));
        // The confirmation alone waits on a clock the test moves; fetching keeps the system's (its time limits, retries).
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var services = await MonitorServices.StartAsync(
            new Dictionary<string, string?>
            {
                ["Monitor:Noise:ConfirmAfter"] = "00:10:00",
                // No probe of the host for a path that cannot exist: only the citation's own page is asked for.
                ["Monitor:Fetch:HostProbeInterval"] = "00:00:00",
            },
            configure: s => s.AddSingleton(provider => new ChangeConfirmer(
                provider.GetRequiredService<SourceLook>(),
                provider.GetRequiredService<VolatileLineStore>(),
                provider.GetRequiredService<IOptions<NoiseOptions>>(),
                clock,
                provider.GetRequiredService<ILogger<ChangeConfirmer>>())));
        var id = await services.WatchAsync(site.Url("/comunicado"));
        await services.CheckedAsync(id);

        Volatile.Write(ref text, "La comisión registró cincuenta casos de detención arbitraria.");
        var check = services.Get<CitationChecker>().CheckAsync(id, CancellationToken.None);

        // The second check looked once and now waits for the clock, however long the machine lets it: the clock is moved a
        // minute at a time until it looks again, which it may not do before ten minutes have passed on that clock.
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(Volatile.Read(ref requests) == 2), TimeSpan.FromSeconds(10)));
        var advanced = TimeSpan.Zero;
        while (Volatile.Read(ref requests) == 2 && advanced < TimeSpan.FromHours(1))
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            advanced += TimeSpan.FromMinutes(1);
            await Eventually.TrueWithinAsync(() => Task.FromResult(Volatile.Read(ref requests) > 2), TimeSpan.FromMilliseconds(300));
        }

        Assert.InRange(advanced, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30));
        var run = await check.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, Volatile.Read(ref requests));
        Assert.True(run.Check!.ContentChanged);
        Assert.Single((await services.ChangesAsync(id)).Items);
    }
}
