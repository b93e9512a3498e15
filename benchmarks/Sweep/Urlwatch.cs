using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CitationMonitor.Sweep;

/// <summary>
/// urlwatch (Debian's package) with one <c>url</c> job per URL and its own configuration, hooks and cache database in
/// the work folder. Each job GETs its page (with <c>If-None-Match</c> and <c>If-Modified-Since</c> from the cache on a
/// re-run), keeps the whole body in the cache database, and on a re-run compares it with the body kept, as raw HTML,
/// reporting a unified diff of what changed. The first run fills the cache; the re-run compares.
/// </summary>
internal sealed class Urlwatch(string folder, IFakeWeb web, int concurrency)
{
    public const string Name = "urlwatch";

    public static string? Program => ExternalTool.Find("urlwatch");

    public static string Version()
    {
        using var process = Process.Start(new ProcessStartInfo(Program!, "--version") { UseShellExecute = false, RedirectStandardOutput = true })!;
        var version = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return version;
    }

    private string Folder => Path.Combine(folder, "urlwatch");

    public async Task PrepareAsync(IReadOnlyList<string> urls)
    {
        Directory.CreateDirectory(Folder);
        var jobs = new StringBuilder(urls.Count * 90);
        foreach (var url in urls)
        {
            jobs.Append("url: \"").Append(url).Append("\"\n---\n");
        }

        await File.WriteAllTextAsync(Path.Combine(Folder, "urls.yaml"), jobs.ToString());

        // Every job listed in the report, unchanged ones too, so the report tells how many jobs ran; no colours.
        await File.WriteAllTextAsync(Path.Combine(Folder, "urlwatch.yaml"),
            """
            display:
              new: true
              error: true
              unchanged: true
              empty-diff: true
            report:
              stdout:
                enabled: true
                color: false
            """);

        // urlwatch 2.25 runs its jobs on a pool of MAX_WORKERS threads (10), which no setting changes; the hooks file
        // is loaded before the jobs run, so it sets the pool to the concurrency the others get.
        await File.WriteAllTextAsync(Path.Combine(Folder, "hooks.py"), string.Create(CultureInfo.InvariantCulture,
            $"import urlwatch.worker\n\nurlwatch.worker.MAX_WORKERS = {concurrency}\n"));
    }

    public async Task<ToolRun> RunAsync(int urls, int run)
    {
        var output = Path.Combine(Folder, $"report-{run}.txt");
        string[] arguments =
        [
            "--urls", Path.Combine(Folder, "urls.yaml"),
            "--config", Path.Combine(Folder, "urlwatch.yaml"),
            "--hooks", Path.Combine(Folder, "hooks.py"),
            "--cache", Path.Combine(Folder, "cache.db"),
        ];

        // Its defaults (and anything it would write beside them) stay in the work folder.
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Folder,
            ["XDG_CONFIG_HOME"] = Path.Combine(Folder, "config"),
            ["XDG_CACHE_HOME"] = Path.Combine(Folder, "cache"),
        };
        var figures = await ExternalTool.RunAsync(Program!, arguments, output, web, TimeSpan.FromMinutes(30), environment);
        if (figures.ExitCode != 0)
        {
            throw new InvalidOperationException($"urlwatch ended with exit code {figures.ExitCode}; see {Path.ChangeExtension(output, ".stderr")}");
        }

        // The report's summary lists every job once, as "N. KIND: location".
        var kinds = (await File.ReadAllLinesAsync(output))
            .Select(line => line.Split(". ", 2) is [var number, var rest] && int.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? rest.Split(':', 2)[0]
                : null)
            .OfType<string>()
            .GroupBy(kind => kind)
            .ToDictionary(g => g.Key, g => g.Count());
        var seen = kinds.Values.Sum();
        if (seen != urls)
        {
            throw new InvalidOperationException($"urlwatch reported {seen} jobs of the {urls} listed; see {output}");
        }

        var outcome = string.Join(", ", kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value:N0}"));
        var cache = new FileInfo(Path.Combine(Folder, "cache.db")).Length;
        outcome += string.Create(CultureInfo.InvariantCulture, $"; cache database {cache / 1024.0 / 1024:F0} MB");
        return new ToolRun(Name, run, urls, figures.Wall, figures.Wall, figures.PeakMemory, figures.Cpu, figures.ServerCpu, outcome, figures.LoadAtStart, figures.LoadAtEnd);
    }
}
