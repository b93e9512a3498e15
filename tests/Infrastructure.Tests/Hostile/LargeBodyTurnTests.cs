using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Politeness;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Hostile;

/// <summary>
/// Large bodies take turns, process-wide. Checks that need their host again while holding the turn (to confirm a
/// change) must not wait on checks that hold the host's only slot and wait for the turn.
/// </summary>
public sealed class LargeBodyTurnTests
{
    private const int PageBytes = 3 * 1024 * 1024;

    [OnBothDatabases]
    public async Task ChangingLargePagesCheckedAtOnce_OnOneHostSlotAndOneTurn_AllEndWithTheirChangesRecorded()
    {
        var edition = 1;
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/report", async (HttpContext context) =>
        {
            // A new edition between the rounds: each check of the second round finds a change and fetches again to confirm it.
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.Body.WriteAsync(LargePage($"Informe, edición {Volatile.Read(ref edition)}, sección {context.Request.Query["n"]}"));
        }));
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Worker:MaxConcurrencyPerHost"] = "1",
            ["Monitor:Fetch:MaxLargeBodies"] = "1",
            ["Monitor:Fetch:LargeBodyBytes"] = (512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitor:Fetch:Timeout"] = "00:00:30",
        });
        var ids = new List<long>();
        for (var n = 0; n < 4; n++)
        {
            ids.Add(await services.WatchAsync(server.Url($"/report?n={n}")));
        }

        var first = await Task.WhenAll(ids.Select(services.CheckedAsync)).WaitAsync(TimeSpan.FromMinutes(2));
        Volatile.Write(ref edition, 2);
        var second = await Task.WhenAll(ids.Select(services.CheckedAsync)).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(first.Concat(second), check => Assert.Equal(CheckStatus.Ok, check.Status));
        var snapshots = services.Get<SnapshotStore>();
        foreach (var check in second)
        {
            var snapshot = (await snapshots.GetAsync(check.SnapshotId!.Value, CancellationToken.None))!;
            Assert.Equal(PageBytes, snapshot.ByteLength);
            Assert.False(snapshot.Truncated);
        }

        foreach (var id in ids)
        {
            Assert.NotEmpty((await services.ChangesAsync(id)).Items);
        }

        Assert.Equal(1, services.Get<LargeBodies>().Free);
    }

    [OnBothDatabases]
    public async Task ManyLargePagesOfOneHostWaitingForTheTurn_DoNotOpenItsCircuit()
    {
        var requests = new Counter();
        await using var server = await ServeCountedAsync("/big", () => Results.Bytes(LargePage("espera"), "text/html"), requests);
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:MaxLargeBodies"] = "1",
            ["Monitor:Fetch:LargeBodyBytes"] = (512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitor:Fetch:HostBreakAfterFailures"] = "3",
        });
        var ids = new List<long>();
        for (var n = 0; n < 6; n++)
        {
            ids.Add(await services.WatchAsync(server.Url($"/big?n={n}")));
        }

        // The turn is taken elsewhere (another host's page), so every one of them stops at the threshold and waits:
        // more stops than the failures that open a circuit, none of them a failure of this host.
        var elsewhere = services.Get<LargeBodies>().ForOneFetch();
        Assert.True(elsewhere.TryEnter());
        var checks = Task.WhenAll(ids.Select(id => Task.Run(() => services.CheckedAsync(id))));
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(requests.Value >= ids.Count), TimeSpan.FromSeconds(20)));
        elsewhere.Dispose();

        var done = await checks.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.All(done, check => Assert.Equal(CheckStatus.Ok, check.Status));
        Assert.Null(services.Get<HostCircuits>().OpenUntil("127.0.0.1"));
    }

    [OnBothDatabases]
    public async Task LargeBodyOutsideAnyCheck_WaitsForTheTurnAndIsReadWhole()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/big", () => Results.Bytes(LargePage("fuera"), "text/html")));
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:MaxLargeBodies"] = "1",
            ["Monitor:Fetch:LargeBodyBytes"] = (512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var turns = services.Get<LargeBodies>();
        var fetcher = services.Get<IPageFetcher>();

        // The one turn is held elsewhere: the fetch reads up to the threshold, stops, and waits for it.
        var held = turns.ForOneFetch();
        Assert.True(held.TryEnter());
        var fetch = Task.Run(() => fetcher.FetchAsync(server.Url("/big"), CancellationToken.None));
        await Task.Delay(500);
        Assert.False(fetch.IsCompleted);

        held.Dispose();
        var result = await fetch.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.Body is not null, $"{result.Status} {result.Reason} {result.Error}");

        Assert.Equal(PageBytes, result.Body!.Length);
        Assert.False(result.Truncated);
        Assert.Equal(1, turns.Free);
    }

    [OnBothDatabases]
    public async Task CheckWhoseLeaseWasTakenWhileItWaitedForTheTurn_EndsBusyAndRecordsNothing()
    {
        var requests = new Counter();
        await using var server = await ServeCountedAsync("/big", () => Results.Bytes(LargePage("en espera"), "text/html"), requests);
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:MaxLargeBodies"] = "1",
            ["Monitor:Fetch:LargeBodyBytes"] = (512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var id = await services.WatchAsync(server.Url("/big"));
        var turns = services.Get<LargeBodies>();
        var held = turns.ForOneFetch();
        Assert.True(held.TryEnter());

        var check = Task.Run(() => services.Get<CitationChecker>().CheckAsync(id, CancellationToken.None));
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(requests.Value == 1), TimeSpan.FromSeconds(10)));
        await Task.Delay(300);
        Assert.False(check.IsCompleted);

        // Meanwhile the lease ran out and another process claimed the citation.
        await using (var connection = await services.OpenAsync())
        {
            Assert.Equal(1, await connection.ExecuteAsync(
                "UPDATE citations SET lease_owner = 'other-machine:1:1:x', lease_until = @until WHERE id = @id",
                new { id, until = new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero) }));
        }

        held.Dispose();
        var run = await check.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(CheckRunOutcome.Busy, run.Outcome);
        Assert.Equal(1, requests.Value);
        Assert.Equal(0, (await services.Get<CheckStore>().ListForCitationAsync(id, new PageRequest(1, 10), CancellationToken.None)).Total);
        Assert.Equal(1, turns.Free);
    }

    [OnBothDatabases]
    public async Task CheckHoldingTheTurn_AndCheckWhoseHostProbeIsLarge_BothEnd()
    {
        // The check of /big takes the turn, then stalls mid-body; meanwhile the check of /small probes the host with a
        // path that cannot exist, and the site answers it with its large home page. The probe must give its origin's
        // probe lock back before waiting for the turn, or the first check, needing that lock for its own verdict,
        // waits on it forever.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var probes = 0;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/big", async (HttpContext context) =>
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                var page = LargePage("Informe largo");
                await context.Response.Body.WriteAsync(page.AsMemory(0, 1024 * 1024));
                await context.Response.Body.FlushAsync();
                await release.Task;
                await context.Response.Body.WriteAsync(page.AsMemory(1024 * 1024));
            });
            app.MapGet("/small", () => Results.Content(
                "<html><head><title>Comunicado</title></head><body><h1>Comunicado</h1><p>La Comisión publicó hoy su comunicado sobre la frontera.</p></body></html>",
                "text/html"));
            app.MapFallback(async (HttpContext context) =>
            {
                Interlocked.Increment(ref probes);
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.Body.WriteAsync(LargePage("Portada del sitio"));
            });
        });
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:MaxLargeBodies"] = "1",
            ["Monitor:Fetch:LargeBodyBytes"] = (512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitor:Fetch:HostProbeInterval"] = "1.00:00:00",
            ["Monitor:Fetch:Timeout"] = "00:00:30",
        });
        var big = await services.WatchAsync(server.Url("/big"));
        var small = await services.WatchAsync(server.Url("/small"));
        var checker = services.Get<CitationChecker>();
        var turns = services.Get<LargeBodies>();

        var first = Task.Run(() => checker.CheckAsync(big, CancellationToken.None));
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(turns.Free == 0), TimeSpan.FromSeconds(10)));
        var second = Task.Run(() => checker.CheckAsync(small, CancellationToken.None));
        Assert.True(await Eventually.TrueWithinAsync(() => Task.FromResult(Volatile.Read(ref probes) >= 1), TimeSpan.FromSeconds(10)));
        await Task.Delay(500);
        release.SetResult();

        var runs = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(runs, run => Assert.Equal(CheckRunOutcome.Checked, run.Outcome));
        Assert.Equal(1, turns.Free);
    }

    [OnBothDatabases]
    public async Task BodyOfExactlyTheThreshold_IsNotLarge_AndNeedsNoTurn()
    {
        var requests = new Counter();
        await using var server = await ServeCountedAsync("/exact", () => Results.Bytes(Enumerable.Repeat((byte)'a', 512 * 1024).ToArray(), "text/plain"), requests);
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:MaxLargeBodies"] = "1",
            ["Monitor:Fetch:LargeBodyBytes"] = (512 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var held = services.Get<LargeBodies>().ForOneFetch();
        Assert.True(held.TryEnter());

        var result = await services.Get<IPageFetcher>().FetchAsync(server.Url("/exact"), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(512 * 1024, result.Body!.Length);
        Assert.Equal(1, requests.Value);
    }

    [OnBothDatabases]
    public void Turn_IsTakenOnceHeldUntilDisposedAndGivenBackOnce()
    {
        using var turns = new LargeBodies(Microsoft.Extensions.Options.Options.Create(new FetchOptions { MaxLargeBodies = 1 }));
        var a = turns.BeginCheck();
        var b = turns.BeginCheck();

        Assert.True(a.TryEnter());
        Assert.True(a.TryEnter());
        Assert.False(b.TryEnter());
        a.Dispose();
        a.Dispose();

        Assert.True(b.TryEnter());
        Assert.Equal(0, turns.Free);
        b.Dispose();
        Assert.Equal(1, turns.Free);
    }

    /// <summary>A loopback server answering <paramref name="path"/>, counting its requests in <paramref name="requests"/>.</summary>
    private static Task<LoopbackServer> ServeCountedAsync(string path, Func<IResult> answer, Counter requests) =>
        LoopbackServer.StartAsync(app => app.MapGet(path, () =>
        {
            requests.Increment();
            return answer();
        }));

    private sealed class Counter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }

    /// <summary>A page of exactly <see cref="PageBytes"/> bytes: a heading, then paragraphs, padded with spaces.</summary>
    private static byte[] LargePage(string heading)
    {
        var page = new List<byte>(PageBytes);
        page.AddRange(Encoding.UTF8.GetBytes($"<html><head><title>Informe</title></head><body><h1>{heading}</h1>"));
        var line = Encoding.UTF8.GetBytes("<p>La Comisión recibió información sobre la situación en la frontera.</p>\n");
        var end = Encoding.UTF8.GetBytes("</body></html>");
        while (page.Count + line.Length + end.Length <= PageBytes)
        {
            page.AddRange(line);
        }

        page.AddRange(end);
        page.AddRange(Enumerable.Repeat((byte)' ', PageBytes - page.Count));
        return [.. page];
    }
}
