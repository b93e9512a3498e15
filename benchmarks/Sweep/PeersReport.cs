using System.Globalization;
using System.Text;

namespace CitationMonitor.Sweep;

/// <summary>The peers run as markdown tables, ready for BENCHMARKS.md.</summary>
internal static class PeersReport
{
    private const double MB = 1024 * 1024;

    /// <summary>What each tool does with one URL: the numbers mean little without it.</summary>
    private static readonly Dictionary<string, string> PerUrl = new()
    {
        [PeersRunner.Monitor] = "GET (conditional where the site gave validators), redirects followed, soft-404 judged; body kept content-addressed (SHA-256, compressed), text extracted and compared with the last snapshot, the check stored in SQLite",
        [Linkinator.Name] = "HEAD (then GET when the HEAD is not 2xx), redirects followed; status only, nothing stored",
        [Urlwatch.Name] = "GET (conditional from its cache), redirects followed; whole body kept in its cache database, compared as raw HTML with the last one, a diff reported",
        [Wrk.Name] = "raw GET over kept-alive connections, answer read and dropped: the server's ceiling",
    };

    public static string Render(
        PeerSettings settings, string server, IReadOnlyDictionary<string, string> versions, IReadOnlyList<ToolRun> runs, IReadOnlyList<WrkSite> wrkSites)
    {
        var sweep = settings.Sweep;
        var md = new StringBuilder();
        Line(md, $"{sweep.Citations:N0} URLs over {sweep.Hosts} sites (127.0.0.10 to 127.0.0.{9 + sweep.Hosts}), {settings.Concurrency} requests in flight for every tool; {sweep.MissingShare:P0} of pages 404, {sweep.RedirectedShare:P0} behind a 301, {sweep.ChangedShare:P0} change before the re-run. Sites: {server}.");
        md.AppendLine();
        md.AppendLine("| tool | what it does per URL | first run, URLs/s | re-run, URLs/s | peak memory, first / re-run | tool CPU, first / re-run | server CPU, first / re-run |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var tool in runs.Select(r => r.Tool).Distinct())
        {
            var first = runs.Single(r => r.Tool == tool && r.Run == 1);
            var again = runs.SingleOrDefault(r => r.Tool == tool && r.Run == 2);
            var warm = runs.SingleOrDefault(r => r.Tool == tool && r.Run == SweepRunner.WarmSweep);
            var name = tool == PeersRunner.Monitor ? $"{tool} (MaxConcurrencyPerHost {sweep.MaxConcurrencyPerHost})" : versions[tool];
            if (again is null)
            {
                Line(md, $"| {name} | {PerUrl[tool]} | {first.UrlsPerSecond:F0} requests/s | — | {first.PeakMemory / MB:F0} MB | {first.ToolCpu.TotalSeconds:F1} s | {first.ServerCpu.TotalSeconds:F1} s |");
            }
            else
            {
                // The monitor's re-run in the process that ran the one before, beside the one in a new process.
                var inSameProcess = warm is null ? "" : string.Create(CultureInfo.InvariantCulture, $" (same process: {warm.UrlsPerSecond:F1})");
                var cpuInSameProcess = warm is null ? "" : string.Create(CultureInfo.InvariantCulture, $" ({warm.ToolCpu.TotalSeconds:F1} s)");
                Line(md, $"| {name} | {PerUrl[tool]} | {first.UrlsPerSecond:F1} | {again.UrlsPerSecond:F1}{inSameProcess} | {first.PeakMemory / MB:F0} / {again.PeakMemory / MB:F0} MB | {first.ToolCpu.TotalSeconds:F1} / {again.ToolCpu.TotalSeconds:F1} s{cpuInSameProcess} | {first.ServerCpu.TotalSeconds:F1} / {again.ServerCpu.TotalSeconds:F1} s |");
            }
        }

        md.AppendLine();
        md.AppendLine("| tool | run | URLs | wall | process start to end | URLs/s | what it reported | load average start → end |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |");
        foreach (var r in runs)
        {
            var run = r.Tool == Wrk.Name ? "ceiling" : r.Run switch { 1 => "1 (first)", 2 => "2 (again)", _ => "3 (again, same process)" };
            var rate = r.Tool == Wrk.Name
                ? string.Create(CultureInfo.InvariantCulture, $"{r.UrlsPerSecond:F0} requests/s")
                : string.Create(CultureInfo.InvariantCulture, $"{r.UrlsPerSecond:F1}");
            Line(md, $"| {r.Tool} | {run} | {r.Urls:N0} | {r.Wall.TotalSeconds:F1} s | {r.ProcessWall.TotalSeconds:F1} s | {rate} | {r.Outcome} | {r.LoadAtStart} → {r.LoadAtEnd} |");
        }

        md.AppendLine();
        Line(md, $"- The monitor's URLs/s run from its first check's start to its last check's end, as in the sweep; its process start to end adds the host's start, a poll interval (1 s) and the stop. The peers' run over their whole process.");
        Line(md, $"- wrk ran {settings.WrkDuration.TotalSeconds:F0} s on the first site of each kind, cycling through the URL list's paths there; the ceiling is three over the sum of the inverse rates, the rate of the list's mix: {string.Join("; ", wrkSites.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Kind} {s.RequestsPerSecond:F0} requests/s (socket errors: {s.Errors})")))}.");
        Line(md, $"- Peak memory is the peak resident set (VmHWM) of the tool's process; tool CPU its user and system time; server CPU that of nginx's master and workers over the same interval (with Kestrel, the whole benchmark process's).");
        return md.ToString();
    }

    private static void Line(StringBuilder md, FormattableString line) => md.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
