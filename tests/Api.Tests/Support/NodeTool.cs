using System.Diagnostics;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>
/// A Node.js tool in its own folder under tests/ (package.json and package-lock.json), run under the machine's Node.js.
/// Its npm packages are installed with <c>npm ci</c> on first use, unless <paramref name="installedFile"/> is there.
/// </summary>
internal sealed class NodeTool(string folderName, string installedFile)
{
    private readonly SemaphoreSlim _installLock = new(1, 1);

    public string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", folderName);

    /// <summary>Runs <paramref name="program"/> in the tool's folder, with <paramref name="environment"/> added to this process's.</summary>
    public async Task<(int ExitCode, string Output, string Errors)> RunAsync(
        string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        await EnsureInstalledAsync();
        return await RunInFolderAsync(program, environment, arguments);
    }

    private async Task EnsureInstalledAsync()
    {
        await _installLock.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(Folder, installedFile)))
            {
                return;
            }

            var (exitCode, output, errors) = await RunInFolderAsync("npm", null, "ci", "--no-audit", "--no-fund", "--prefer-offline");
            Assert.True(exitCode == 0, $"npm ci in {Folder} failed:\n{output}\n{errors}");
        }
        finally
        {
            _installLock.Release();
        }
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunInFolderAsync(
        string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
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
