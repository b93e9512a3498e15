using System.Text.Json;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>
/// Runs tests/warc-validator/validate.mjs, which reads a WARC file with warcio.js (a reader nobody on this project wrote)
/// under the machine's Node.js and prints one JSON line per record. Its npm packages are installed on first use.
/// </summary>
internal static class WarcValidator
{
    private static readonly NodeTool Tool = new("warc-validator", Path.Combine("node_modules", "warcio", "package.json"));

    public sealed record Outcome(int ExitCode, IReadOnlyList<JsonElement> Records, string Errors);

    /// <summary>
    /// Writes an exported file under <paramref name="folder"/> and reads it back; fails unless warcio.js accepts every
    /// record and digest.
    /// </summary>
    public static async Task<Outcome> ValidateExportAsync(byte[] warc, string folder)
    {
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}.warc.gz");
        await File.WriteAllBytesAsync(path, warc);
        var outcome = await ValidateAsync(path);
        Assert.True(outcome.ExitCode == 0, $"warcio rejected the file: {outcome.Errors}");
        return outcome;
    }

    public static async Task<Outcome> ValidateAsync(string warcPath)
    {
        var (exitCode, output, errors) = await Tool.RunAsync("node", null, "validate.mjs", warcPath);
        var records = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();
        return new Outcome(exitCode, records, errors);
    }
}
