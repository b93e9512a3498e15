using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CitationMonitor.Sweep;

/// <summary>
/// The monitor beside the tools people would otherwise use: on one loopback web and one URL list, the monitor's three
/// sweeps (<see cref="SweepRunner"/> as the sweep runs them), linkinator and urlwatch each run twice (the changed pages
/// changed before the second run, as for the monitor), and wrk against the same server as the ceiling.
/// </summary>
internal static class PeersRunner
{
    public const string Monitor = "monitor";

    public static async Task<int> RunAsync(PeerSettings settings, TextWriter log, TextWriter error)
    {
        var missing = Missing(settings.Sweep.Web);
        if (missing.Count > 0)
        {
            error.WriteLine($"peers: not found: {string.Join("; ", missing)}.");
            error.WriteLine(PeerSettings.Prerequisites);
            return 2;
        }

        var sweep = settings.Sweep;
        var folder = sweep.WorkFolder ?? Path.Combine(Path.GetTempPath(), $"citation-peers-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        log.WriteLine($"Peers: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; work folder {folder}");
        var versions = new Dictionary<string, string>
        {
            [Monitor] = "this checkout",
            [Linkinator.Name] = $"linkinator {Linkinator.Version()} on node {FirstLine("node", "--version")}",
            [Urlwatch.Name] = Urlwatch.Version(),
            [Wrk.Name] = FirstLine("wrk", "-v").Split(" [", 2)[0],
        };
        log.WriteLine($"Tools: {string.Join("; ", versions.Values)}");
        log.WriteLine($"Load average at start: {SweepRunner.LoadAverage()}");

        var pages = new SitePages(
            sweep.Hosts, (sweep.Citations + sweep.Hosts - 1) / sweep.Hosts, sweep.MissingShare, sweep.ChangedShare, sweep.RedirectedShare);
        var runs = new List<ToolRun>();
        IReadOnlyList<SweepResult> sweeps;
        IReadOnlyList<WrkSite> wrkSites;
        string server;
        await using (var web = await FakeWeb.StartAsync(sweep.Web, pages, folder, log))
        {
            server = web.Description;
            var cited = SweepRunner.Cited(sweep);
            var urls = cited.Select(c => web.Url(c.Site, c.Page)).ToArray();

            log.WriteLine($"{Monitor}: three sweeps of {urls.Length:N0} citations (the third in the second's process), MaxConcurrency {settings.Concurrency}");
            sweeps = await new SweepRunner(sweep, web, folder, log).RunAsync(settings.Concurrency);
            runs.AddRange(sweeps.Select(FromSweep));

            var linkList = await web.PublishLinkListAsync(urls);
            var linkinator = new Linkinator(folder, web, settings.Concurrency);
            var urlwatch = new Urlwatch(folder, web, settings.Concurrency);
            await urlwatch.PrepareAsync(urls);
            foreach (var (name, check) in new (string, Func<int, Task<ToolRun>>)[]
            {
                (Linkinator.Name, run => linkinator.RunAsync(linkList, urls.Length, run)),
                (Urlwatch.Name, run => urlwatch.RunAsync(urls.Length, run)),
            })
            {
                for (var run = 1; run <= 2; run++)
                {
                    await web.SetGenerationAsync(run);
                    log.WriteLine($"{name} run {run}: started, load average {SweepRunner.LoadAverage()}");
                    var result = await check(run);
                    runs.Add(result);
                    log.WriteLine(FormattableString.Invariant(
                        $"{name} run {run}: {result.Urls:N0} URLs in {result.Wall.TotalSeconds:F1} s ({result.UrlsPerSecond:F1}/s), load average {result.LoadAtEnd}"));
                }
            }

            await web.SetGenerationAsync(1);
            log.WriteLine($"{Wrk.Name}: {settings.WrkDuration.TotalSeconds:F0} s on each kind of site");
            (var ceiling, wrkSites) = await new Wrk(folder, web, settings.Concurrency, settings.WrkDuration).RunAsync(cited);
            runs.Add(ceiling);
        }

        log.WriteLine($"Load average at end: {SweepRunner.LoadAverage()}");
        log.WriteLine();
        log.WriteLine(PeersReport.Render(settings, server, versions, runs, wrkSites));
        log.WriteLine("The monitor's sweeps in detail:");
        log.WriteLine();
        log.WriteLine(SweepReport.Render(sweep, sweeps));
        if (!sweep.Keep && sweep.WorkFolder is null)
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    /// <summary>The tools that are not installed, each with how to install it.</summary>
    private static List<string> Missing(WebKind web)
    {
        var missing = new List<string>();
        if (web == WebKind.Nginx && !StaticWeb.IsInstalled)
        {
            missing.Add($"nginx ({StaticWeb.Nginx}; apt-get install nginx)");
        }

        if (Wrk.Program is null)
        {
            missing.Add("wrk (apt-get install wrk)");
        }

        if (Urlwatch.Program is null)
        {
            missing.Add("urlwatch (apt-get install urlwatch)");
        }

        if (ExternalTool.Find("node") is null)
        {
            missing.Add("node (Node.js 20 or later, with npm)");
        }

        if (!File.Exists(Linkinator.Cli))
        {
            missing.Add($"linkinator ({Linkinator.Cli}; cd benchmarks/Sweep/peers && npm ci)");
        }

        return missing;
    }

    private static ToolRun FromSweep(SweepResult r)
    {
        var statuses = string.Join(", ", r.Statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:N0}"));
        return new ToolRun(
            Monitor, r.Sweep, r.Checks, r.Wall, r.ProcessWall, r.Memory.PeakWorkingSet, r.Memory.Cpu, r.SitesCpu,
            $"{statuses}; {r.NotModified:N0} answered 304", r.LoadAtStart, r.LoadAtEnd);
    }

    /// <summary>The first line a tool prints of itself (wrk prints its version with its usage, and exits 1).</summary>
    private static string FirstLine(string tool, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(ExternalTool.Find(tool)!, argument)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
    }
}
