using System.Diagnostics;
using System.Text;

namespace CitationMonitor.TestSupport.Hosts;

/// <summary>
/// The built API (or the standalone worker) started as a real child process (<c>dotnet CitationMonitor.Api.dll</c>), for
/// what only separate processes can show: two hosts on one database, a kill in the middle of work.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ApiProcess(Process process) => _process = process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Where the API listens (once started; a port the system picked on 127.0.0.1); null for a worker.</summary>
    public Uri? BaseAddress { get; private set; }

    public static ApiProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), arguments);

    /// <summary>The API with <paramref name="environment"/> added to its environment (runtime settings, say).</summary>
    public static ApiProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Launch(HostAssembly("Api"), ["--urls", "http://127.0.0.1:0", .. arguments], environment);

    /// <summary>The standalone worker (src/Worker): the scheduler without the API.</summary>
    public static ApiProcess StartWorker(params string[] arguments) =>
        Launch(HostAssembly("Worker"), arguments, new Dictionary<string, string>());

    /// <summary>A command of the standalone worker (<c>migrate …</c>), its words exactly as given.</summary>
    public static ApiProcess StartWorkerCommand(params string[] words) =>
        Launch(HostAssembly("Worker"), words, new Dictionary<string, string>(), settings: false);

    /// <summary>Ends the process as a crash or <c>kill -9</c> would (SIGKILL): no shutdown code of its own runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    private static ApiProcess Launch(string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, bool settings = true)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(assembly);
        if (settings)
        {
            // Nothing may leave the machine (a test may still point the archive at a loopback stand-in).
            info.ArgumentList.Add("--Monitor:Archive:Enabled=false");
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var api = new ApiProcess(process);
        process.OutputDataReceived += (_, e) => api.Append(e.Data);
        process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        process.Exited += (_, _) => api._started.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    /// <summary>Waits for the process to end by itself, at most <paramref name="limit"/>: its exit code, or null while it still runs.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            // Returns once the output has been read to its end too.
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Waits until the host says it started, or exits; true when it is running.</summary>
    public async Task<bool> WaitStartedAsync(TimeSpan limit)
    {
        await Task.WhenAny(_started.Task, Task.Delay(limit));
        return !_process.HasExited && Output.Contains("Application started", StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        const string Listening = "Now listening on: ";
        var at = line.IndexOf(Listening, StringComparison.Ordinal);
        if (at >= 0 && BaseAddress is null)
        {
            BaseAddress = new Uri(line[(at + Listening.Length)..].Trim());
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    /// <summary>A host (src/Api or src/Worker) as built beside these tests (same configuration), found from the repository root.</summary>
    internal static string HostAssembly(string project)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(directory!.FullName, "src", project, "bin", configuration, "net10.0", $"CitationMonitor.{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution before these tests.", path);
    }
}
