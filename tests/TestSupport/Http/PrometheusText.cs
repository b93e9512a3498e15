using System.Diagnostics;
using System.Text.Json;

namespace CitationMonitor.TestSupport.Http;

/// <summary>One sample of a scraped metric family: its name, its labels and its value.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>One metric family: its name, type and samples.</summary>
public sealed record PrometheusFamily(string Name, string Type, IReadOnlyList<PrometheusSample> Samples);

/// <summary>
/// Prometheus's text format read by the Prometheus project's own parser (the Python client,
/// <c>prometheus_client.parser</c>: Debian's <c>python3-prometheus-client</c>, which <c>.ci/run</c> installs), not by
/// code of ours: an exposition it refuses fails the test.
/// </summary>
public static class PrometheusText
{
    private const string Script =
        """
        import sys, json
        from prometheus_client.parser import text_string_to_metric_families
        families = [{"name": f.name, "type": f.type, "samples": [{"name": s.name, "labels": s.labels, "value": s.value} for s in f.samples]}
                    for f in text_string_to_metric_families(sys.stdin.read())]
        print(json.dumps(families))
        """;

    public static async Task<IReadOnlyList<PrometheusFamily>> ParseAsync(string exposition)
    {
        var info = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script);
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(
            process.ExitCode == 0,
            error.Contains("No module named 'prometheus_client'", StringComparison.Ordinal)
                ? "Prometheus's parser is missing: apt-get install python3-prometheus-client (.ci/run installs it)"
                : "Prometheus's parser refused the exposition:\n" + error);
        using var json = JsonDocument.Parse(await output);
        return [.. json.RootElement.EnumerateArray().Select(family => new PrometheusFamily(
            family.GetProperty("name").GetString()!,
            family.GetProperty("type").GetString()!,
            [.. family.GetProperty("samples").EnumerateArray().Select(sample => new PrometheusSample(
                sample.GetProperty("name").GetString()!,
                sample.GetProperty("labels").EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString()!),
                sample.GetProperty("value").GetDouble()))]))];
    }
}
