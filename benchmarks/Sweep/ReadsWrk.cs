using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CitationMonitor.Sweep;

/// <summary>What wrk measured of one URL: throughput, latency percentiles (with <c>--latency</c>) and failed answers.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, string Output)
{
    /// <summary>wrk's own processor time (sampled every 100 ms, so up to 100 ms short): what the client costs per request.</summary>
    public TimeSpan Cpu { get; init; }
}

/// <summary>Runs wrk (the Debian package) against one URL and reads its report.</summary>
internal static partial class ReadsWrk
{
    /// <summary>Seconds wrk waits for an answer before counting a timeout: far above any target, so slow reads are timed, not dropped.</summary>
    public const int Timeout = 30;

    public static async Task<WrkResult> RunAsync(string url, ReadsSettings settings, int seconds, IReadOnlyList<string> headers)
    {
        var start = new ProcessStartInfo("wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { $"-t{settings.Threads}", $"-c{settings.Connections}", $"-d{seconds}s", "--latency", $"-T{Timeout}s" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var header in headers)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        start.ArgumentList.Add(url);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; apt-get install wrk");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var cpu = TimeSpan.Zero;
        while (!process.WaitForExit(100))
        {
            try
            {
                process.Refresh();
                cpu = process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                // It ended between the wait and the read.
            }
        }

        return process.ExitCode == 0
            ? Parse(await output) with { Cpu = cpu }
            : throw new InvalidOperationException($"wrk ended with {process.ExitCode}: {await error}{await output}");
    }

    /// <summary>Reads wrk's report: <c>Requests/sec</c>, the 50 % and 99 % lines of the latency distribution, errors.</summary>
    public static WrkResult Parse(string output)
    {
        var requestsPerSecond = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var errors = Number(NonSuccess().Match(output)) + SocketErrors().Matches(output).Sum(m => Number(m));
        return new WrkResult(requestsPerSecond, Percentile(output, "50"), Percentile(output, "99"), requests, errors, output);
    }

    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            throw new FormatException($"no {percent}% line in wrk's report:\n{output}");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            _ => value * 60_000,
        };
    }

    private static long Number(Match match) => match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrors();
}
