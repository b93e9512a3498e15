using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Vocabulary;

namespace CitationMonitor.Infrastructure.Telemetry;

/// <summary>
/// The monitor's own metrics (meter <c>CitationMonitor</c>), scraped with the HTTP server's, Polly's and Npgsql's from
/// <c>/metrics</c>: checks by status, their duration, checks of the busiest hosts (a bounded few, never one series per
/// host), fixity failures; and, read from the database every <see cref="MetricsSampler.Every"/>, the due backlog, the
/// leases held, the hosts paused and the webhook outbox.
/// </summary>
public static class MonitorMetrics
{
    public const string MeterName = "CitationMonitor";

    /// <summary>Hosts reported by name in <c>monitor_checks_by_host_total</c>; the rest are added up as <see cref="OtherHosts"/>.</summary>
    public const int TopHosts = 10;

    public const string OtherHosts = "_other";

    /// <summary>Hosts counted by name at most: past it, a new host is counted with the others from the start.</summary>
    private const int MostHostsCounted = 10_000;

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Checks = Meter.CreateCounter<long>(
        "monitor.checks", "{check}", "Checks recorded, by status.");

    private static readonly Histogram<double> CheckDuration = Meter.CreateHistogram<double>(
        "monitor.check.duration", "s", "How long a check's fetch took, by status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    private static readonly Counter<long> FixityFailures = Meter.CreateCounter<long>(
        "monitor.fixity.failures", "{failure}", "Bodies and texts a fixity run found missing, unreadable or altered.");

    private static readonly ConcurrentDictionary<string, long> ByHost = new(StringComparer.Ordinal);
    private static long _otherHosts;

    static MonitorMetrics()
    {
        Meter.CreateObservableCounter("monitor.checks.by_host", ObserveTopHosts, "{check}", $"Checks recorded of the {TopHosts} busiest hosts, the rest as {OtherHosts}.");
    }

    /// <summary>A check recorded: its status, how long it took and its host.</summary>
    public static void CheckRecorded(CheckStatus status, TimeSpan duration, string host)
    {
        var tag = new KeyValuePair<string, object?>("status", WireName.Of(status));
        Checks.Add(1, tag);
        CheckDuration.Record(duration.TotalSeconds, tag);
        if (ByHost.ContainsKey(host) || ByHost.Count < MostHostsCounted)
        {
            ByHost.AddOrUpdate(host, 1, static (_, count) => count + 1);
        }
        else
        {
            Interlocked.Increment(ref _otherHosts);
        }
    }

    /// <summary>Failures a fixity run recorded.</summary>
    public static void FixityFailed(int count) => FixityFailures.Add(count);

    private static IEnumerable<Measurement<long>> ObserveTopHosts()
    {
        var counts = ByHost.ToArray();
        var top = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(TopHosts).ToList();
        var others = Interlocked.Read(ref _otherHosts) + counts.Sum(c => c.Value) - top.Sum(c => c.Value);
        foreach (var (host, count) in top)
        {
            yield return new Measurement<long>(count, new KeyValuePair<string, object?>("host", host));
        }

        yield return new Measurement<long>(others, new KeyValuePair<string, object?>("host", OtherHosts));
    }
}
