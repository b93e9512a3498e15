using System.Diagnostics;

namespace CitationMonitor.TestSupport.Hosts;

/// <summary>What a host run as a command printed and how it ended.</summary>
/// <param name="ExitCode">The process's exit code.</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error.</param>
public sealed record CommandResult(int ExitCode, string Output, string Error);

/// <summary>
/// A built host (src/Worker) run as a command to its end (<c>dotnet CitationMonitor.Worker.dll check ...</c>), in a
/// working directory of the test's choosing, its standard output and standard error kept apart.
/// </summary>
public static class HostCommand
{
    /// <summary>Runs the worker with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; killed after <paramref name="limit"/>.</summary>
    public static async Task<CommandResult> RunWorkerAsync(string workingDirectory, IEnumerable<string> arguments, TimeSpan limit)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(ApiProcess.HostAssembly("Worker"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"the worker did not end within {limit}:\n{await output}\n{await error}");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }
}
