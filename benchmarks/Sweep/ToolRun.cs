using System.Diagnostics;

namespace CitationMonitor.Sweep;

/// <summary>
/// One run of one tool over the URL list. The URLs/s are counted over <c>Wall</c>: for the monitor from its first check to
/// its last, for a peer its whole process (<c>ProcessWall</c>, start to end), unless <c>Rate</c> says otherwise (wrk's
/// ceiling). <c>PeakMemory</c> is the peak resident set in bytes (VmHWM, summed over the tool's processes when it has
/// several); <c>Outcome</c> what the tool reported of the URLs, to tell that it saw them all.
/// </summary>
internal sealed record ToolRun(
    string Tool,
    int Run,
    int Urls,
    TimeSpan Wall,
    TimeSpan ProcessWall,
    long PeakMemory,
    TimeSpan ToolCpu,
    TimeSpan ServerCpu,
    string Outcome,
    string LoadAtStart,
    string LoadAtEnd,
    double? Rate = null)
{
    public double UrlsPerSecond => Rate ?? Urls / Wall.TotalSeconds;
}

/// <summary>What an external tool's process did: its exit code, time, peak memory and processor time, and the server's.</summary>
internal sealed record ProcessFigures(int ExitCode, TimeSpan Wall, long PeakMemory, TimeSpan Cpu, TimeSpan ServerCpu, string LoadAtStart, string LoadAtEnd);

/// <summary>Runs a peer tool as a child process, its output to files, and measures it from outside.</summary>
internal static class ExternalTool
{
    /// <summary>Variables that would send a tool's requests through a proxy instead of straight to loopback.</summary>
    private static readonly string[] ProxyVariables =
        ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"];

    public static async Task<ProcessFigures> RunAsync(
        string fileName, IEnumerable<string> arguments, string outputPath, IFakeWeb web, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(outputPath),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in ProxyVariables)
        {
            start.Environment.Remove(variable);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var loadAtStart = SweepRunner.LoadAverage();
        var serverBefore = web.ServerCpu();
        var childrenBefore = ProcFs.EndedChildrenCpu();
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        await using var output = File.Create(outputPath);
        await using var errors = File.Create(Path.ChangeExtension(outputPath, ".stderr"));
        var copying = Task.WhenAll(process.StandardOutput.BaseStream.CopyToAsync(output), process.StandardError.BaseStream.CopyToAsync(errors));

        // VmHWM only grows, so sampling it every 100 ms misses at most what the last 100 ms added; the processes
        // below the tool are looked for once a second.
        var peaks = new Dictionary<int, long>();
        var tree = new List<int> { process.Id };
        var treeAt = Stopwatch.GetTimestamp();
        var exited = process.WaitForExitAsync();
        while (!exited.IsCompleted)
        {
            if (Stopwatch.GetElapsedTime(treeAt) > TimeSpan.FromSeconds(1))
            {
                tree = [.. ProcFs.Tree(process.Id)];
                treeAt = Stopwatch.GetTimestamp();
            }

            foreach (var pid in tree)
            {
                peaks[pid] = Math.Max(peaks.GetValueOrDefault(pid), ProcFs.PeakResident(pid));
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                process.Kill(entireProcessTree: true);
                await exited;
                throw new TimeoutException($"{Path.GetFileName(fileName)} ran longer than {timeout.TotalMinutes:F0} minutes; see {outputPath}");
            }

            await Task.WhenAny(exited, Task.Delay(100));
        }

        await exited;
        var wall = Stopwatch.GetElapsedTime(started);
        await copying;
        return new ProcessFigures(
            process.ExitCode, wall, peaks.Values.Sum(), ProcFs.EndedChildrenCpu() - childrenBefore,
            web.ServerCpu() - serverBefore, loadAtStart, SweepRunner.LoadAverage());
    }

    /// <summary>The full path of <paramref name="name"/> on the PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
