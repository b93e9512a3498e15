using System.Globalization;
using System.Text.Json;

namespace CitationMonitor.Sweep;

/// <summary>
/// linkinator (pinned in <c>benchmarks/Sweep/peers</c>) over a page that links to every URL of the list, without
/// recursion: it checks each link once, a HEAD request and a GET when the HEAD is not a 2xx, and keeps nothing. A re-run
/// is the same work again, since it has no memory of the last.
/// </summary>
internal sealed class Linkinator(string folder, IFakeWeb web, int concurrency)
{
    public const string Name = "linkinator";

    public static string Cli => Path.Combine(Repository.PeersFolder, "node_modules", "linkinator", "build", "src", "cli.js");

    public static string Version()
    {
        using var package = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.PeersFolder, "node_modules", "linkinator", "package.json")));
        return package.RootElement.GetProperty("version").GetString()!;
    }

    public async Task<ToolRun> RunAsync(string linkList, int urls, int run)
    {
        var output = Path.Combine(folder, $"linkinator-{run}.json");
        string[] arguments =
        [
            Cli, linkList,
            "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
            // The monitor's own fetch timeout (Monitor:Fetch:Timeout).
            "--timeout", "30000",
            "--format", "json",
        ];
        var figures = await ExternalTool.RunAsync(ExternalTool.Find("node")!, arguments, output, web, TimeSpan.FromMinutes(30));

        // Exit code 1 means some links are broken, which a tenth of the list is meant to be.
        if (figures.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"linkinator ended with exit code {figures.ExitCode}; see {Path.ChangeExtension(output, ".stderr")}");
        }

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var links = report.RootElement.GetProperty("links").EnumerateArray()
            .Where(link => link.GetProperty("url").GetString() != linkList)
            .Select(link => (State: link.GetProperty("state").GetString()!, Status: link.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.Number ? status.GetInt32() : 0))
            .ToArray();
        if (links.Length != urls)
        {
            throw new InvalidOperationException($"linkinator checked {links.Length} links of the {urls} listed; see {output}");
        }

        var outcome = string.Join(", ", links.GroupBy(l => $"{l.State} {l.Status}").OrderByDescending(g => g.Count()).Select(g => $"{g.Key}: {g.Count():N0}"));
        return new ToolRun(Name, run, links.Length, figures.Wall, figures.Wall, figures.PeakMemory, figures.Cpu, figures.ServerCpu, outcome, figures.LoadAtStart, figures.LoadAtEnd);
    }
}
