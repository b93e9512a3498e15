using System.Diagnostics;
using System.Text.Json;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>
/// Runs tests/warc-validator/validate.mjs, which reads a WARC file with warcio.js (a reader nobody on this project wrote)
/// under the machine's Node.js and prints one JSON line per record. Its npm packages are installed on first use.
/// </summary>
internal static class WarcValidator
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public sealed record Outcome(int ExitCode, IReadOnlyList<JsonElement> Records, string Errors);

    public static async Task<Outcome> ValidateAsync(string warcPath)
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "warc-validator");
        await EnsureInstalledAsync(folder);
        var (exitCode, output, errors) = await RunAsync("node", folder, "validate.mjs", warcPath);
        var records = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        return new Outcome(exitCode, records, errors);
    }

    private static async Task EnsureInstalledAsync(string folder)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(folder, "node_modules", "warcio", "package.json")))
            {
                return;
            }

            var (exitCode, output, errors) = await RunAsync("npm", folder, "ci", "--no-audit", "--no-fund", "--prefer-offline");
            Assert.True(exitCode == 0, $"npm ci in {folder} failed:\n{output}\n{errors}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunAsync(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await errors);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Monitor.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Monitor.sln not found above " + AppContext.BaseDirectory);
    }
}
