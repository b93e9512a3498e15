using System.Text.Json;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Sites;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>
/// <c>check FILE|URL</c> on the built worker, as <c>dotnet run --project src/Worker -- check ...</c> runs it: in a
/// working directory of its own, it prints its answer and ends with its exit code, and leaves no database behind.
/// </summary>
public sealed class OneShotCheckProcessTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(60);

    private static readonly string[] Fast =
    [
        "--Monitor:Fetch:AllowPrivateNetworks=true",
        "--Monitor:Fetch:PerHostDelay=00:00:00",
        "--Monitor:Fetch:RetryAttempts=0",
        "--Monitor:Fetch:Timeout=00:00:05",
    ];

    private readonly TestFolder _folder = new();
    private CitedSourcesSite _site = null!;

    public async Task InitializeAsync() => _site = await CitedSourcesSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task CheckingAFile_PrintsItsSourcesAsJsonExitsWith1AndCreatesNoDatabase()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "statement.md"), _site.Markdown("/article", "/missing", "/error-page", "/unavailable"));

        var result = await HostCommand.RunWorkerAsync(_folder.Path, ["check", "statement.md", "--json", .. Fast], ExitLimit);

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}\n{result.Output}\n{result.Error}");
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(
            [
                ("/article", "ok", null, "ok"),
                ("/missing", "not_found", "http_404", "failed"),
                ("/error-page", "soft_404", "error_phrase", "failed"),
                ("/unavailable", "server_error", "http_503", "inconclusive"),
            ],
            json.RootElement.GetProperty("citations").EnumerateArray().Select(c => (
                new Uri(c.GetProperty("url").GetString()!).AbsolutePath,
                c.GetProperty("status").GetString(),
                c.GetProperty("reason").GetString(),
                c.GetProperty("readiness").GetString())));
        Assert.All(json.RootElement.GetProperty("citations").EnumerateArray(), c => Assert.False(string.IsNullOrEmpty(c.GetProperty("verdict").GetString())));
        Assert.Contains("[4/4]", result.Error, StringComparison.Ordinal);

        // Neither the working directory's data/monitor.db nor anything else: the statement file is all there is.
        Assert.Equal(["statement.md"], Directory.EnumerateFileSystemEntries(_folder.Path).Select(Path.GetFileName));
        // The scheduler never started.
        Assert.DoesNotContain("Application started", result.Error + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckingAPageWhoseSourcesAnswer_ExitsWith0()
    {
        var result = await HostCommand.RunWorkerAsync(_folder.Path, ["check", _site.Url("/article"), .. Fast], ExitLimit);

        Assert.True(result.ExitCode == 0, $"exit code {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.StartsWith("SOURCE", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 source: 1 ok, 0 failed, 0 inconclusive.", result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Path));
    }

    [Fact]
    public async Task SourcesThatCannotBeTold_ExitWith3()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "statement.md"), _site.Markdown("/article", "/members"));

        var result = await HostCommand.RunWorkerAsync(_folder.Path, ["check", "statement.md", .. Fast], ExitLimit);

        Assert.True(result.ExitCode == 3, $"exit code {result.ExitCode}\n{result.Output}\n{result.Error}");
    }

    [Fact]
    public async Task AMissingFile_ExitsWith2AndPrintsOnlyTheProblem()
    {
        var result = await HostCommand.RunWorkerAsync(_folder.Path, ["check", "no-such-statement.pdf", "--json"], ExitLimit);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal("check: no such file: no-such-statement.pdf", result.Error.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder.Path));
    }
}
