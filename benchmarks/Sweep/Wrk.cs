using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CitationMonitor.Sweep;

/// <summary>What wrk made of one site.</summary>
internal sealed record WrkSite(int Site, SiteKind Kind, int Paths, double RequestsPerSecond, long Requests, long NotOk, string Errors);

/// <summary>
/// wrk against the same server, as the ceiling: raw GETs over kept-alive connections, each answer read and dropped.
/// wrk talks to one address per run, so it runs once on the first site of each kind (validators, stable, tokenized),
/// cycling through the paths the URL list has on that site; the ceiling is the rate of the three mixed a third each
/// (the list's own mix), that is three over the sum of the inverse rates.
/// </summary>
internal sealed partial class Wrk(string folder, IFakeWeb web, int concurrency, TimeSpan duration)
{
    public const string Name = "wrk";

    public static string? Program => ExternalTool.Find("wrk");

    public async Task<(ToolRun Run, IReadOnlyList<WrkSite> Sites)> RunAsync((int Site, int Page)[] cited)
    {
        var sites = new List<WrkSite>();
        var runs = new List<ProcessFigures>();
        foreach (var site in Enumerable.Range(0, Math.Min(3, cited.Max(c => c.Site) + 1)))
        {
            var paths = cited.Where(c => c.Site == site).Select(c => SitePages.PathOf(c.Page)).ToArray();
            var script = Path.Combine(folder, $"wrk-site{site}.lua");
            var lua = new StringBuilder("-- The paths the URL list has on this site, one after another.\nlocal paths = {\n");
            foreach (var path in paths)
            {
                lua.Append("  \"").Append(path).Append("\",\n");
            }

            lua.Append("}\nlocal n = 0\nrequest = function()\n  n = n % #paths + 1\n  return wrk.format(\"GET\", paths[n])\nend\n");
            await File.WriteAllTextAsync(script, lua.ToString());

            var output = Path.Combine(folder, $"wrk-site{site}.txt");
            string[] arguments =
            [
                "-t2", string.Create(CultureInfo.InvariantCulture, $"-c{concurrency}"),
                string.Create(CultureInfo.InvariantCulture, $"-d{duration.TotalSeconds:F0}s"),
                "-s", script, web.Url(site, 0),
            ];
            var figures = await ExternalTool.RunAsync(Program!, arguments, output, web, duration + TimeSpan.FromMinutes(1));
            var text = await File.ReadAllTextAsync(output);
            if (figures.ExitCode != 0 || RequestsPerSecond().Match(text) is not { Success: true } rate)
            {
                throw new InvalidOperationException($"wrk ended with exit code {figures.ExitCode}; see {output}");
            }

            runs.Add(figures);
            sites.Add(new WrkSite(
                site, SitePages.KindOf(site), paths.Length, double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
                long.Parse(Requests().Match(text).Groups[1].Value, CultureInfo.InvariantCulture),
                NotOk().Match(text) is { Success: true } notOk ? long.Parse(notOk.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
                SocketErrors().Match(text) is { Success: true } errors ? errors.Groups[1].Value.Trim() : "none"));
        }

        var ceiling = sites.Count / sites.Sum(s => 1 / s.RequestsPerSecond);
        var wall = runs.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Wall);
        var outcome = string.Join("; ", sites.Select(s => string.Create(CultureInfo.InvariantCulture,
            $"site {s.Site} ({s.Kind}, {s.Paths} paths): {s.RequestsPerSecond:F0} requests/s, {s.NotOk:N0} not 2xx/3xx of {s.Requests:N0}")));
        var run = new ToolRun(
            Name, 1, (int)sites.Sum(s => s.Requests), wall, wall, runs.Max(r => r.PeakMemory),
            runs.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Cpu), runs.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.ServerCpu),
            outcome, runs[0].LoadAtStart, runs[^1].LoadAtEnd, ceiling);
        return (run, sites);
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"([0-9]+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+([0-9]+)")]
    private static partial Regex NotOk();

    [GeneratedRegex(@"Socket errors:(.*)")]
    private static partial Regex SocketErrors();
}
