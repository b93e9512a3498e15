using System.Text.Json;
using CitationMonitor.Infrastructure.OneShot;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Sites;

namespace CitationMonitor.Infrastructure.Tests.OneShot;

/// <summary>
/// <c>check FILE|URL [--json]</c> run in-process against a loopback site with a source of every kind: the exit code a
/// publishing pipeline gates on, the rows of its JSON and its table, what it refuses as bad input.
/// </summary>
public sealed class OneShotCommandTests : IAsyncLifetime, IDisposable
{
    /// <summary>Fast and loopback-only: no pacing, no retries, short timeouts (a test's own settings come after, and win).</summary>
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
    public async Task AFileWhoseSourcesAllAnswer_ExitsWith0()
    {
        var file = Write("statement.md", _site.Markdown("/article", "/moved"));

        var (exitCode, output, _) = await RunAsync(file, "--json");

        Assert.Equal(OneShotExitCodes.Ok, exitCode);
        var rows = Rows(output);
        Assert.Equal([("/article", "ok", null), ("/moved", "ok", null)], rows.Select(r => (Path(r.Url), r.Status, r.Reason)));
        Assert.All(rows, r => Assert.Equal("ok", r.Readiness));
        Assert.Equal("The source was reached (HTTP 200).", rows[0].Verdict);
        Assert.Equal($"The source was reached (HTTP 200). It is now served from {_site.Url("/article")}.", rows[1].Verdict);
    }

    [Fact]
    public async Task AFileCitingAMissingAGoneAnErrorPageAndAFailingServer_ExitsWith1AndSaysWhyOfEach()
    {
        var file = Write("statement.md", _site.Markdown("/article", "/missing", "/removed", "/error-page", "/unavailable", "/members"));

        var (exitCode, output, progress) = await RunAsync(file, "--json");

        Assert.Equal(OneShotExitCodes.Failed, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("text", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("failed", json.RootElement.GetProperty("readiness").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("exitCode").GetInt32());
        var totals = json.RootElement.GetProperty("totals");
        Assert.Equal((6, 1, 3, 2), (totals.GetProperty("sources").GetInt32(), totals.GetProperty("ok").GetInt32(), totals.GetProperty("failed").GetInt32(), totals.GetProperty("inconclusive").GetInt32()));
        Assert.Equal(
            [
                ("/article", "ok", null, "ok", "The source was reached (HTTP 200)."),
                ("/missing", "not_found", "http_404", "failed", "Fix before publishing: the server answers 404 Not Found."),
                ("/removed", "gone", "http_410", "failed", "Fix before publishing: the server answers 410 Gone: the page was removed."),
                ("/error-page", "soft_404", "error_phrase", "failed", "Fix before publishing: the page answers, but says the document does not exist."),
                ("/unavailable", "server_error", "http_503", "inconclusive", "Cannot tell: the server fails (HTTP 503, after retries). Open it in a browser to make sure."),
                ("/members", "blocked", "http_403", "inconclusive", "Cannot tell: the site refuses access (HTTP 403). Open it in a browser to make sure."),
            ],
            Rows(output).Select(r => (Path(r.Url), r.Status, r.Reason, r.Readiness, r.Verdict)));
        Assert.Contains("statement.md: text, 6 sources cited.", progress, StringComparison.Ordinal);
        Assert.Contains($"[6/6]", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourcesThatOnlyCannotBeTold_ExitWith3()
    {
        var file = Write("statement.md", _site.Markdown("/article", "/unavailable", "/members"));

        var (exitCode, output, _) = await RunAsync(file, "--json");

        Assert.Equal(OneShotExitCodes.Inconclusive, exitCode);
        Assert.Equal(["ok", "server_error", "blocked"], Rows(output).Select(r => r.Status));
    }

    [Fact]
    public async Task AHostThatAsksForAnHoursRest_IsNotAskedAgainAndItsOtherSourcesCannotBeTold()
    {
        var file = Write("statement.md", _site.Markdown("/busy", "/article"));

        var (exitCode, output, _) = await RunAsync(file, "--json", "--Monitor:Worker:MaxConcurrency=1", "--Monitor:Fetch:HostProbeInterval=00:00:00");

        Assert.Equal(OneShotExitCodes.Inconclusive, exitCode);
        Assert.Equal(
            [("/busy", "rate_limited", "retry_after"), ("/article", "rate_limited", "retry_after")],
            Rows(output).Select(r => (Path(r.Url), r.Status, r.Reason)));
        Assert.Equal(["/busy"], _site.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task WithoutJson_PrintsATableOfSourceStatusReasonAndVerdict()
    {
        var file = Write("statement.md", _site.Markdown("/article", "/missing") + "Write to press@example.org.\n");

        var (exitCode, output, _) = await RunAsync(file);

        Assert.Equal(OneShotExitCodes.Failed, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Matches(@"^SOURCE +STATUS +REASON +VERDICT$", lines[0]);
        Assert.Matches($@"^{Escaped(_site.Url("/article"))} +ok +- +The source was reached \(HTTP 200\)\.$", lines[1]);
        Assert.Matches($@"^{Escaped(_site.Url("/missing"))} +not_found +http_404 +Fix before publishing: the server answers 404 Not Found\.$", lines[2]);
        Assert.Equal("2 sources: 1 ok, 1 failed, 0 inconclusive.", lines[3]);
        Assert.Equal("Skipped (email): press@example.org", lines[4]);
    }

    [Fact]
    public async Task InTheTable_AUrlTooLongForItsColumn_IsWrittenWholeOnALineOfItsOwn()
    {
        var longPath = "/article?state=published&title=" + new string('x', CheckedDocumentOutput.MaxSourceWidth);
        var file = Write("statement.md", _site.Markdown("/article", longPath));

        var (exitCode, output, _) = await RunAsync(file);

        Assert.Equal(OneShotExitCodes.Ok, exitCode);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var at = lines.IndexOf(_site.Url(longPath));
        Assert.True(at > 1, output);
        Assert.Matches(@"^ {72}  ok +- +The source was reached \(HTTP 200\)\.$", lines[at + 1]);
        Assert.Equal(lines[0].IndexOf("STATUS", StringComparison.Ordinal), lines[at + 1].IndexOf("ok", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APageAtItsUrl_IsCheckedItselfAndItsLinksResolvedAgainstIt()
    {
        var (exitCode, output, _) = await RunAsync(_site.Url("/statement"), "--json");

        Assert.Equal(OneShotExitCodes.Failed, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("html", json.RootElement.GetProperty("kind").GetString());
        var rows = Rows(output);
        Assert.Equal(
            [("/statement", "ok", true), ("/article", "ok", false), ("/missing", "not_found", false)],
            rows.Select(r => (Path(r.Url), r.Status, r.Self)));
        Assert.Equal("The document itself", rows[0].Context);
        Assert.Contains("commission reported", rows[1].Context, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageThatIsGone_IsTheOneSourceReported()
    {
        var (exitCode, output, progress) = await RunAsync(_site.Url("/missing"), "--json");

        Assert.Equal(OneShotExitCodes.Failed, exitCode);
        Assert.Equal([("/missing", "not_found", true)], Rows(output).Select(r => (Path(r.Url), r.Status, r.Self)));
        Assert.Contains("the page was not read, so its sources were not checked", progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoopbackSourcesWithoutAllowPrivateNetworks_AreForbiddenTargets()
    {
        var file = Write("statement.md", _site.Markdown("/article"));

        var (exitCode, output, _) = await RunAsync([file, "--json", "--Monitor:Fetch:RetryAttempts=0"], fast: false);

        Assert.Equal(OneShotExitCodes.Failed, exitCode);
        Assert.Equal([("forbidden_target", "forbidden_address")], Rows(output).Select(r => (r.Status, r.Reason)));
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task ADocumentThatCitesNothing_ExitsWith0()
    {
        var file = Write("notes.txt", "Nothing cited here.");

        var (exitCode, output, _) = await RunAsync(file);

        Assert.Equal(OneShotExitCodes.Ok, exitCode);
        Assert.Contains("The document cites no source.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoMoreThanMaxConcurrencyChecks_RunAtOnce()
    {
        var paths = Enumerable.Range(1, 6).Select(n => $"/slow/{n}").ToArray();
        var file = Write("statement.md", _site.Markdown(paths));

        var (exitCode, _, _) = await RunAsync(file, "--Monitor:Worker:MaxConcurrency=2", "--Monitor:Worker:MaxConcurrencyPerHost=8", "--Monitor:Fetch:HostProbeInterval=00:00:00");

        Assert.Equal(OneShotExitCodes.Ok, exitCode);
        Assert.Equal(2, _site.MostInFlight);
    }

    [Fact]
    public async Task RequestsToOneHost_WaitThePerHostDelayBetweenThem()
    {
        var delay = TimeSpan.FromMilliseconds(200);
        var file = Write("statement.md", _site.Markdown("/article", "/missing", "/removed"));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (exitCode, _, _) = await RunAsync(file, $"--Monitor:Fetch:PerHostDelay={delay:c}", "--Monitor:Fetch:HostProbeInterval=00:00:00");

        // The pacer spaces the sends; arrivals at the server may bunch up behind a new connection, so the run's length
        // is what is sure: three requests to one host start at least two delays apart.
        Assert.Equal(OneShotExitCodes.Failed, exitCode);
        Assert.Equal(3, _site.Requests.Count);
        Assert.True(clock.Elapsed >= 2 * delay, $"three requests to one host within {clock.Elapsed}");
    }

    [Theory]
    [InlineData("missing.md", "check: no such file: ")]
    [InlineData("picture", "is not of a kind the monitor reads")]
    [InlineData("empty", "cannot be read: The file is empty.")]
    [InlineData("folder", "is a folder")]
    public async Task AFileThatCannotBeRead_ExitsWith2AndPrintsNothingOnItsOutput(string which, string problem)
    {
        var target = which switch
        {
            "picture" => Write("statement.pdf", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]),
            "empty" => Write("statement.md", []),
            "folder" => _folder.Path,
            _ => System.IO.Path.Combine(_folder.Path, which),
        };

        var (exitCode, output, progress) = await RunAsync(target, "--json");

        Assert.Equal(OneShotExitCodes.BadInput, exitCode);
        Assert.Empty(output);
        Assert.Contains(problem, progress, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.org/statement.pdf", "is not a URL that can be checked")]
    [InlineData("http://user:secret@example.org/", "is not a URL that can be checked")]
    public async Task ABadUrl_ExitsWith2(string url, string problem)
    {
        var (exitCode, output, progress) = await RunAsync(url);

        Assert.Equal(OneShotExitCodes.BadInput, exitCode);
        Assert.Empty(output);
        Assert.Contains(problem, progress, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "give the file or the URL to check")]
    [InlineData(new[] { "a.md", "b.md" }, "one file or URL at a time")]
    [InlineData(new[] { "a.md", "--verbose" }, "unknown option --verbose")]
    [InlineData(new[] { "a.md", "--Monitor:Fetch:Timeout" }, "--Monitor:Fetch:Timeout needs a value")]
    [InlineData(new[] { "a.md", "--Monitor:Fetch:Timeout=banana" }, "Monitor:Fetch:Timeout: 'banana' is not a duration")]
    [InlineData(new[] { "a.md", "--Monitor:Worker:MaxConcurrency=0" }, "Monitor:Worker:MaxConcurrency: '0' is out of range")]
    public async Task BadArgumentsOrSettings_ExitWith2(string[] words, string problem)
    {
        var (exitCode, output, progress) = await RunAsync(words, fast: false);

        Assert.Equal(OneShotExitCodes.BadInput, exitCode);
        Assert.Empty(output);
        Assert.Contains(problem, progress, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_PrintsTheUsageAndTheExitCodes()
    {
        var (exitCode, output, _) = await RunAsync(["--help"], fast: false);

        Assert.Equal(OneShotExitCodes.Ok, exitCode);
        Assert.Contains("check FILE|URL [--json]", output, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SourcesAreTakenInTurnsAcrossHosts()
    {
        var sources = new[] { "https://a.example/1", "https://a.example/2", "https://a.example/3", "https://b.example/1", "https://c.example/1", "https://c.example/2" }
            .Select(url => new CitedSource(url, Domain.Extraction.UrlNormalizer.Normalize(url), null, 1, Self: false))
            .ToList();

        Assert.Equal([0, 3, 4, 1, 5, 2], SourceChecks.AcrossHosts(sources));
    }

    private sealed record Row(string Url, string Status, string? Reason, string Readiness, string Verdict, bool Self, string? Context);

    private Task<(int ExitCode, string Output, string Progress)> RunAsync(params string[] words) => RunAsync(words, fast: true);

    private static async Task<(int ExitCode, string Output, string Progress)> RunAsync(string[] words, bool fast)
    {
        using var output = new StringWriter();
        using var progress = new StringWriter();
        var exitCode = await OneShotCommand.RunAsync(fast ? [.. Fast, .. words] : words, output, progress, CancellationToken.None);
        return (exitCode, output.ToString(), progress.ToString());
    }

    private static List<Row> Rows(string output)
    {
        using var json = JsonDocument.Parse(output);
        return
        [
            .. json.RootElement.GetProperty("citations").EnumerateArray().Select(c => new Row(
                c.GetProperty("url").GetString()!,
                c.GetProperty("status").GetString()!,
                c.GetProperty("reason").GetString(),
                c.GetProperty("readiness").GetString()!,
                c.GetProperty("verdict").GetString()!,
                c.GetProperty("self").GetBoolean(),
                c.GetProperty("context").GetString())),
        ];
    }

    private string Write(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    private string Write(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(_folder.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Path(string url) => new Uri(url).AbsolutePath;

    private static string Escaped(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
