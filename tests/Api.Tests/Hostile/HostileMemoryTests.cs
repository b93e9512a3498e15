using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.Infrastructure.Tests.Support;

namespace CitationMonitor.Api.Tests.Hostile;

/// <summary>
/// The real API as a child process, with the default body cap (20 MB), checking a 2 GB stream and 1 GB decompression
/// bombs from a hostile loopback server: its peak working set stays under 300 MB and every check ends in time.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed partial class HostileMemoryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const long PeakLimitBytes = 300L * 1024 * 1024;
    private const int DefaultCap = 20 * 1024 * 1024;

    // The checks' own limit (Monitor:Fetch:Timeout, default 30 s) plus room for extraction on a loaded machine.
    private static readonly TimeSpan CheckBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TwoGigabyteStreamAndOneGigabyteBombs_KeepThePeakWorkingSetUnder300Mb()
    {
        await using var site = await LoopbackServer.StartAsync(HostileSite.Map);
        using var folder = new TestFolder();
        await using var api = ApiProcess.Start(
            $"--Monitor:DatabasePath={folder.DatabasePath}",
            "--Monitor:Worker:Enabled=false",
            "--Monitor:SeedDefaultCitations=false",
            "--Monitor:Fetch:AllowPrivateNetworks=true",
            "--Monitor:Fetch:RetryAttempts=0",
            "--Monitor:Fetch:PerHostDelay=00:00:00",
            "--Serilog:MinimumLevel:Default=Information");
        Assert.True(await api.WaitStartedAsync(TimeSpan.FromSeconds(60)), "the API did not start:\n" + api.Output);
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
            peaks.Add($"{path}: {PeakWorkingSet(api.ProcessId) / (1024 * 1024)} MB");
        }

        var peak = PeakWorkingSet(api.ProcessId);
        output.WriteLine($"peak working set after each check: {string.Join(", ", peaks)}");
        Assert.True(peak < PeakLimitBytes, $"peak working set {peak / (1024 * 1024)} MB after each check: {string.Join(", ", peaks)}");
    }

    /// <summary>The process's high-water mark of resident memory (Linux <c>VmHWM</c>), else what .NET reports.</summary>
    private static long PeakWorkingSet(int processId)
    {
        var status = $"/proc/{processId}/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }

        using var process = Process.GetProcessById(processId);
        return process.PeakWorkingSet64;
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningUrl();
}
