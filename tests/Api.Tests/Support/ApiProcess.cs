using System.Diagnostics;
using System.Text;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>
/// The built API started as a real child process (<c>dotnet CitationMonitor.Api.dll</c>), for what only separate
/// processes can show: two hosts on one database, a kill in the middle of work.
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

    public static ApiProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(ApiAssembly());
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        // Nothing may leave the machine (a test may still point the archive at a loopback stand-in).
        info.ArgumentList.Add("--Monitor:Archive:Enabled=false");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
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

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            _started.TrySetResult();
        }
    }

    /// <summary>The API as built beside these tests (same configuration), found from the repository root.</summary>
    private static string ApiAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(directory!.FullName, "src", "Api", "bin", configuration, "net10.0", "CitationMonitor.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution before these tests.", path);
    }
}
