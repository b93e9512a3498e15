using System.Reflection;
using CitationMonitor.Api.Tests.Docs;
using CitationMonitor.Infrastructure.Hosting;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>
/// The built hosts as child processes, started with bad settings: one line per bad key on the console, no stack
/// trace (unless asked for at debug level), exit code 2.
/// </summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(60);

    private readonly TestFolder _folder = new();

    [Theory]
    [InlineData("--Monitor:Fetch:Timeout=00:00:00.001", "Monitor:Fetch:Timeout: '00:00:00.001' is out of range; write a value between 00:00:00.010 and 01:00:00")]
    [InlineData("--Monitor:Worker:CheckInterval=banana", "Monitor:Worker:CheckInterval: 'banana' is not a duration; write [d.]hh:mm:ss, e.g. 1.00:00:00 for a day")]
    [InlineData("--Monitor:Worker:Enabled=perhaps", "Monitor:Worker:Enabled: 'perhaps' is not true or false")]
    public async Task TheApiWithABadKey_PrintsOneLineNamingItAndExitsWithCode2(string setting, string line)
    {
        var (exitCode, lines) = await RunAsync(ApiProcess.Start(Database, setting));

        Assert.Equal(MonitorHostExtensions.ConfigurationErrorExitCode, exitCode);
        Assert.Equal([line], lines);
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Worker")]
    public async Task EitherHostWithSeveralBadKeys_PrintsEachOnItsOwnLineWithoutAStackTrace(string host)
    {
        string[] settings =
        [
            Database,
            "--Monitor:Worker:CheckInterval=banana",
            "--Monitor:Worker:MaxConcurrency=0",
            "--Monitor:Fetch:Timeout=00:00:00.001",
            "--Monitor:Fetch:MaxRedirects=ten",
            "--Monitor:Health:BrokenAfter=-1.00:00:00",
        ];

        var (exitCode, lines) = await RunAsync(host == "Api" ? ApiProcess.Start(settings) : ApiProcess.StartWorker(settings));

        Assert.Equal(MonitorHostExtensions.ConfigurationErrorExitCode, exitCode);
        Assert.Equal(
            new[]
            {
                "Monitor:Fetch:MaxRedirects: 'ten' is not a whole number",
                "Monitor:Fetch:Timeout: '00:00:00.001' is out of range; write a value between 00:00:00.010 and 01:00:00",
                "Monitor:Health:BrokenAfter: '-1.00:00:00' is out of range; write a value between 00:00:00 and 3650.00:00:00",
                "Monitor:Worker:CheckInterval: 'banana' is not a duration; write [d.]hh:mm:ss, e.g. 1.00:00:00 for a day",
                "Monitor:Worker:MaxConcurrency: '0' is out of range; write a value between 1 and 256",
            },
            lines.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(lines, IsStackFrame);
    }

    [Theory]
    [InlineData("Api")]
    [InlineData("Worker")]
    public async Task PostgresWithoutAConnectionString_IsOneLineNamingTheKey(string host)
    {
        string[] settings = [Database, "--Monitor:Database:Provider=postgres"];

        var (exitCode, lines) = await RunAsync(host == "Api" ? ApiProcess.Start(settings) : ApiProcess.StartWorker(settings));

        Assert.Equal(MonitorHostExtensions.ConfigurationErrorExitCode, exitCode);
        var line = Assert.Single(lines);
        Assert.StartsWith("Monitor:Database:ConnectionString must be set when Monitor:Database:Provider is postgres", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Database=monitor;Username=monitor;Password=hunter2-secret", "cannot use PostgreSQL at Host=127.0.0.1;Port=1;Database=monitor;Username=monitor: ", 3)]
    [InlineData("Host=127.0.0.1;Databse=monitor;Password=hunter2-secret", "Monitor:Database:ConnectionString cannot be read (", 2)]
    public async Task PostgresThatCannotBeUsed_IsOneLineNamingTheKeyAndTheCause_WithoutThePassword(string connectionString, string expected, int code)
    {
        string[] settings = [Database, "--Monitor:Database:Provider=postgres", $"--Monitor:Database:ConnectionString={connectionString}"];

        var (exitCode, lines) = await RunAsync(ApiProcess.Start(settings));

        Assert.Equal(code, exitCode);
        var line = Assert.Single(lines);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExceptionBehindALine_IsLoggedAtDebugLevelOnly()
    {
        var (exitCode, lines) = await RunAsync(ApiProcess.Start(Database, "--Monitor:Worker:CheckInterval=banana", "--Serilog:MinimumLevel:Default=Debug"));

        Assert.Equal(MonitorHostExtensions.ConfigurationErrorExitCode, exitCode);
        Assert.Contains(lines, line => line.Contains("DBG]", StringComparison.Ordinal) && line.Contains("Monitor:Worker:CheckInterval", StringComparison.Ordinal));
        Assert.Contains(lines, IsStackFrame);
        Assert.DoesNotContain(lines, line => line.Contains("ERR]", StringComparison.Ordinal) || line.Contains("FTL]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheBadDurationsOfTheConfigurationPage_GiveTheLinesItShows()
    {
        var page = DocsPages.Read("docs/configuration.md");
        var blocks = page.Blocks;
        var start = blocks.Select((block, index) => (block, index))
            .Single(b => b.block.Language == "sh" && b.block.Text.Contains("CheckInterval=banana", StringComparison.Ordinal));
        var shown = blocks[start.index + 1];
        var command = start.block.Lines.Single(l => l.StartsWith("dotnet run", StringComparison.Ordinal));
        var settings = ShellWords.Split(command).Select(w => w.Text).SkipWhile(w => w != "--").Skip(1);

        var (exitCode, lines) = await RunAsync(ApiProcess.Start([Database, .. settings]));

        Assert.Equal("text", shown.Language);
        Assert.Equal(MonitorHostExtensions.ConfigurationErrorExitCode, exitCode);
        Assert.Equal(shown.Lines.Where(l => l.Length > 0).Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EveryOptionsClassOfTheMonitorSection_IsKnownToTheConfigurationCheck()
    {
        await using var factory = new MonitorApiFactory();
        var checkedTypes = factory.Services.GetServices<CheckedSection>().Select(section => section.Type).ToHashSet();

        var optionsTypes = new[] { typeof(CheckedSection).Assembly, typeof(Program).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                && ((string)field.GetRawConstantValue()!).StartsWith("Monitor", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(optionsTypes);
        Assert.All(optionsTypes, type => Assert.Contains(type, checkedTypes));
    }

    public void Dispose() => _folder.Dispose();

    private string Database => $"--Monitor:DatabasePath={_folder.DatabasePath}";

    private static bool IsStackFrame(string line) => line.StartsWith("   at ", StringComparison.Ordinal);

    private static async Task<(int? ExitCode, List<string> Lines)> RunAsync(ApiProcess process)
    {
        await using (process)
        {
            var exitCode = await process.WaitForExitAsync(ExitLimit);
            var lines = process.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
            return (exitCode, lines);
        }
    }
}
