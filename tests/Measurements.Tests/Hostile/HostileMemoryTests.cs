using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using CitationMonitor.TestSupport.Sites;

namespace CitationMonitor.Measurements.Tests.Hostile;

/// <summary>
/// The real API as a child process, with the default body cap (20 MB), checking a 2 GB stream and 1 GB decompression
/// bombs from a hostile loopback server: its peak working set stays under 300 MB and every check ends in time.
/// </summary>
public sealed partial class HostileMemoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const long PeakLimitBytes = 300L * 1024 * 1024;
    private const int DefaultCap = 20 * 1024 * 1024;
    private const int Concurrent = 20;
    // The bodies of about a dozen such checks at once, not twenty.
    private const long ConcurrentGrowthLimitBytes = 250L * 1024 * 1024;

    // The checks' own limit (Monitor:Fetch:Timeout, default 30 s) plus room for extraction on a loaded machine.
    private static readonly TimeSpan CheckBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoGigabyteStreamAndOneGigabyteBombs_KeepThePeakWorkingSetUnder300Mb()
    {
        await using var site = await LoopbackServer.StartAsync(HostileSite.Map);
        using var folder = new TestFolder();
        await using var api = await StartApiAsync(folder);
        using var client = new HttpClient { BaseAddress = new Uri(ListeningUrl().Match(api.Output).Groups["url"].Value), Timeout = CheckBound * 2 };

        var peaks = new List<string>();
        foreach (var path in new[] { "/bomb.gz", "/bomb.br", "/endless-2gb" })
        {
            var added = await client.PostAsJsonAsync("/api/citations", new { url = site.Url(path) });
            Assert.True(added.IsSuccessStatusCode, $"{path}: {(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}");
            var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

            var clock = Stopwatch.StartNew();
            var checkedNow = await client.PostAsync($"/api/citations/{id}/check", null);
            var elapsed = clock.Elapsed;
            var check = await checkedNow.Content.ReadFromJsonAsync<JsonElement>();

            Assert.True(checkedNow.IsSuccessStatusCode, $"{path}: {(int)checkedNow.StatusCode} {check}");
            Assert.True(elapsed < CheckBound, $"{path}: the check took {elapsed}");
            Assert.Equal("ok", check.GetProperty("status").GetString());
            var snapshot = await client.GetFromJsonAsync<JsonElement>($"/api/snapshots/{check.GetProperty("snapshotId").GetInt64()}");
            Assert.True(snapshot.GetProperty("truncated").GetBoolean(), $"{path}: {snapshot}");
            Assert.Equal(DefaultCap, snapshot.GetProperty("byteLength").GetInt64());
            peaks.Add($"{path}: {ProcessMemory.PeakWorkingSet(api.ProcessId) / (1024 * 1024)} MB");
        }

        var peak = ProcessMemory.PeakWorkingSet(api.ProcessId);
        output.WriteLine($"peak working set after each check: {string.Join(", ", peaks)}");
        Assert.True(peak < PeakLimitBytes, $"peak working set {peak / (1024 * 1024)} MB after each check: {string.Join(", ", peaks)}");
    }

    /// <summary>
    /// Twenty checks of 20 MB bodies at once would hold 400 MB of bodies alone, before any parsing (ten at once reached
    /// 600 MB when every check read its body freely). Bodies past Monitor:Fetch:LargeBodyBytes take turns, and the API
    /// runs no more checks than its budget allows (refusing the rest with 503 and Retry-After, and they ask again), so
    /// the peak stays near one such check's: the test measures how far twenty at once raise the peak that one huge
    /// check reached in the same process, which does not depend on the machine's collector budgets as the peak itself
    /// does (measured: one check 251 to 255 MB, twenty at once 160 to 190 MB more).
    /// </summary>
    [Fact]
    public async Task TwentyHugeChecksAtOnce_TakeTurns_SoThePeakDoesNotGrowWithThem()
    {
        await using var site = await LoopbackServer.StartAsync(HostileSite.Map);
        using var folder = new TestFolder();
        await using var api = await StartApiAsync(folder);
        using var client = new HttpClient { BaseAddress = new Uri(ListeningUrl().Match(api.Output).Groups["url"].Value), Timeout = TimeSpan.FromMinutes(10) };

        // One huge check alone first: the peak it leaves is what the twenty are measured against.
        var alone = await client.PostAsJsonAsync("/api/citations", new { url = site.Url("/endless-2gb?n=alone") });
        var aloneId = (await alone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var aloneCheck = await client.PostAsync($"/api/citations/{aloneId}/check", null);
        Assert.True(aloneCheck.IsSuccessStatusCode, $"{(int)aloneCheck.StatusCode} {await aloneCheck.Content.ReadAsStringAsync()}");
        var peakAlone = ProcessMemory.PeakWorkingSet(api.ProcessId);

        // Twenty different URLs (a query each), so no two checks share a citation; every one is as large as the cap allows.
        var paths = Enumerable.Range(0, Concurrent).Select(i => (i % 3) switch { 0 => "/endless-2gb", 1 => "/bomb.gz", _ => "/bomb.br" } + $"?n={i}").ToList();
        var ids = new List<long>();
        foreach (var path in paths)
        {
            var added = await client.PostAsJsonAsync("/api/citations", new { url = site.Url(path) });
            Assert.True(added.IsSuccessStatusCode, $"{path}: {(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}");
            ids.Add((await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64());
        }

        var checks = await Task.WhenAll(ids.Select(async id =>
        {
            while (true)
            {
                var answer = await client.PostAsync($"/api/citations/{id}/check", null);
                var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
                if (answer.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    return (Id: id, Status: answer.StatusCode, Body: body);
                }

                // The budget of checks is full: asked again soon (sooner than its Retry-After, to keep the test short).
                Assert.NotNull(answer.Headers.RetryAfter?.Delta);
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }));

        foreach (var (id, status, body) in checks)
        {
            Assert.True(status == System.Net.HttpStatusCode.OK, $"citation {id}: {(int)status} {body}");
            Assert.True(body.GetProperty("status").GetString() == "ok", $"citation {id}: {body}");
        }

        var peak = ProcessMemory.PeakWorkingSet(api.ProcessId);
        var report = $"peak working set {peakAlone / (1024 * 1024)} MB after one huge check, {peak / (1024 * 1024)} MB after {Concurrent} at once";
        output.WriteLine(report);
        Assert.True(peak - peakAlone < ConcurrentGrowthLimitBytes, report);
    }

    /// <summary>
    /// The real API as built, with its own collector settings (see Directory.Build.targets), the default limits,
    /// scheduler off and no pauses between requests to one host.
    /// </summary>
    private static async Task<ApiProcess> StartApiAsync(TestFolder folder)
    {
        var api = ApiProcess.Start(
            $"--Monitor:DatabasePath={folder.DatabasePath}",
            "--Monitor:Worker:Enabled=false",
            "--Monitor:SeedDefaultCitations=false",
            "--Monitor:Fetch:AllowPrivateNetworks=true",
            "--Monitor:Fetch:RetryAttempts=0",
            "--Monitor:Fetch:PerHostDelay=00:00:00",
            // Refused checks ask again, several times a second: the write limit must not answer in their place.
            "--Monitor:RateLimit:WritesPerMinute=100000",
            "--Serilog:MinimumLevel:Default=Information");
        if (!await api.WaitStartedAsync(TimeSpan.FromSeconds(60)))
        {
            await api.DisposeAsync();
            Assert.Fail("the API did not start:\n" + api.Output);
        }

        return api;
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningUrl();
}
