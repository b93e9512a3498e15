using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>
/// The OpenAPI document the API serves over Kestrel, linted by Redocly CLI (pinned in tests/openapi-lint) with its
/// <c>minimal</c> ruleset. Redocly stays off the network: no usage data sent, no check for a newer version.
/// </summary>
public sealed class OpenApiLintTests : ApiTest
{
    private static readonly NodeTool Redocly = new("openapi-lint", Path.Combine("node_modules", "@redocly", "cli", "package.json"));

    private static readonly Dictionary<string, string> Offline = new(StringComparer.Ordinal)
    {
        ["REDOCLY_TELEMETRY"] = "off",
        ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true",
        ["npm_config_offline"] = "true",
        ["NO_COLOR"] = "1",
    };

    private readonly TestFolder _files = new();

    public override Task InitializeAsync()
    {
        Client = new HttpClient { BaseAddress = StartOnKestrel() };
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        _files.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task OpenApiDocument_HasNoErrorUnderRedoclysMinimalRuleset()
    {
        var path = Path.Combine(_files.Path, "openapi.json");
        await File.WriteAllTextAsync(path, await Client.GetStringAsync("/openapi/v1.json"));

        var (exitCode, output, errors) = await Redocly.RunAsync(
            "npx", Offline, "--no", "redocly", "lint", "--extends", "minimal", "--format", "json", path);

        using var report = JsonDocument.Parse(output);
        var problems = report.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("severity")} {p.GetProperty("ruleId")} at {p.GetProperty("location")[0].GetProperty("pointer")}: {p.GetProperty("message")}");
        var said = $"redocly lint (exit code {exitCode}):\n{string.Join("\n", problems)}\n{errors}";
        Assert.True(report.RootElement.GetProperty("totals").GetProperty("errors").GetInt32() == 0, said);
        Assert.True(exitCode == 0, said);
    }
}
