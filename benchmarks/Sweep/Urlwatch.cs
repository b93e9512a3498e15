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

    private string CountPath => Path.Combine(Folder, "processed.txt");

    public async Task PrepareAsync(IReadOnlyList<string> urls)
    {
        Directory.CreateDirectory(Folder);
        var jobs = new StringBuilder(urls.Count * 90);
        foreach (var url in urls)
        {
            jobs.Append("url: \"").Append(url).Append("\"\n---\n");
        }

        await File.WriteAllTextAsync(Path.Combine(Folder, "urls.yaml"), jobs.ToString());

        // urlwatch's own defaults (new, changed and failed jobs reported, with their diffs; unchanged ones not), less
        // the colours.
        await File.WriteAllTextAsync(Path.Combine(Folder, "urlwatch.yaml"),
            """
            report:
              stdout:
                enabled: true
                color: false
            """);

        // urlwatch 2.25 runs its jobs on a pool of MAX_WORKERS threads (10), which no setting changes; the hooks file
        // is loaded before the jobs run, so it sets the pool to the concurrency the others get. It also counts the
        // jobs processed (an increment per job), since the report does not list the unchanged ones.
        await File.WriteAllTextAsync(Path.Combine(Folder, "hooks.py"), string.Create(CultureInfo.InvariantCulture,
            $$"""
            import atexit
            import threading

            import urlwatch.handler
            import urlwatch.worker

            urlwatch.worker.MAX_WORKERS = {{concurrency}}

            _lock = threading.Lock()
            _processed = [0]
            _process = urlwatch.handler.JobState.process


            def _counted(self):
                with _lock:
                    _processed[0] += 1
                return _process(self)


            urlwatch.handler.JobState.process = _counted
            atexit.register(lambda: open({{Python(CountPath)}}, 'w').write(str(_processed[0])))

            """));
    }

    public async Task<ToolRun> RunAsync(int urls, int run)
    {
        var output = Path.Combine(Folder, $"report-{run}.txt");
        File.Delete(CountPath);
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

        var processed = int.Parse(await File.ReadAllTextAsync(CountPath), CultureInfo.InvariantCulture);
        if (processed != urls)
        {
            throw new InvalidOperationException($"urlwatch processed {processed} jobs of the {urls} listed; see {output}");
        }

        // The report's summary lists each job reported once, as "N. KIND: location"; the rest were unchanged.
        var kinds = (await File.ReadAllLinesAsync(output))
            .Select(line => line.Split(". ", 2) is [var number, var rest] && int.TryParse(number.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _)
                ? rest.Split(':', 2)[0]
                : null)
            .OfType<string>()
            .GroupBy(kind => kind)
            .ToDictionary(g => g.Key, g => g.Count());
        var unchanged = processed - kinds.Values.Sum();
        var outcome = string.Join(", ", kinds.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value:N0}"))
            + (unchanged > 0 ? $", unchanged (not reported) {unchanged:N0}" : "");
        var cache = new FileInfo(Path.Combine(Folder, "cache.db")).Length;
        outcome += string.Create(CultureInfo.InvariantCulture, $"; cache database {cache / 1024.0 / 1024:F0} MB");
        return new ToolRun(Name, run, urls, figures.Wall, figures.Wall, figures.PeakMemory, figures.Cpu, figures.ServerCpu, outcome, figures.LoadAtStart, figures.LoadAtEnd);
    }

    /// <summary>A path as a Python string literal.</summary>
    private static string Python(string path) => "'" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
