using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Diagnostics.Metrics;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Vocabulary;

namespace CitationMonitor.Infrastructure.Telemetry;

/// <summary>
/// The monitor's own metrics (meter <c>CitationMonitor</c>), scraped with the HTTP server's, Polly's and Npgsql's from
/// <c>/metrics</c>: checks by status, their duration, checks of the first few hosts by name (a bounded few, never one series per
/// host), fixity failures; and, read from the database every <see cref="MetricsSampler.Every"/>, the due backlog, the
/// leases held, the hosts paused and the webhook outbox.
/// </summary>
public static class MonitorMetrics
{
    public const string MeterName = "CitationMonitor";

    /// <summary>
    /// Hosts reported by name in <c>monitor_checks_by_host_total</c>: the first this many a process checks; every other
    /// host is counted as <see cref="OtherHosts"/>. A host keeps its series for the life of the process, so every series
    /// only grows, as a counter must.
    /// </summary>
    public const int NamedHosts = 10;

    public const string OtherHosts = "_other";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Checks = Meter.CreateCounter<long>(
        "monitor.checks", "{check}", "Checks recorded, by status.");

    private static readonly Histogram<double> CheckDuration = Meter.CreateHistogram<double>(
        "monitor.check.duration", "s", "How long a check's fetch took, by status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });

    private static readonly Counter<long> FixityFailures = Meter.CreateCounter<long>(
        "monitor.fixity.failures", "{failure}", "Bodies and texts a fixity run found missing, unreadable or altered.");

    private static readonly ConcurrentDictionary<string, StrongBox<long>> ByHost = new(StringComparer.Ordinal);
    private static long _otherHosts;

    static MonitorMetrics()
    {
        Meter.CreateObservableCounter(
            "monitor.checks.by_host", ObserveHosts, "{check}", $"Checks recorded of the first {NamedHosts} hosts checked, the rest as {OtherHosts}.");
    }

    /// <summary>A check recorded: its status, how long it took and its host.</summary>
    public static void CheckRecorded(CheckStatus status, TimeSpan duration, string host)
    {
        var tag = new KeyValuePair<string, object?>("status", WireName.Of(status));
        Checks.Add(1, tag);
        CheckDuration.Record(duration.TotalSeconds, tag);
        if (!ByHost.TryGetValue(host, out var named))
        {
            lock (ByHost)
            {
                if (!ByHost.TryGetValue(host, out named) && ByHost.Count < NamedHosts)
                {
                    named = new StrongBox<long>();
                    ByHost[host] = named;
                }
            }
        }

        if (named is not null)
        {
            Interlocked.Increment(ref named.Value);
        }
        else
        {
            Interlocked.Increment(ref _otherHosts);
        }
    }

    /// <summary>Failures a fixity run recorded.</summary>
    public static void FixityFailed(int count) => FixityFailures.Add(count);

    private static IEnumerable<Measurement<long>> ObserveHosts()
    {
        foreach (var (host, count) in ByHost)
        {
            yield return new Measurement<long>(Interlocked.Read(ref count.Value), new KeyValuePair<string, object?>("host", host));
        }

        yield return new Measurement<long>(Interlocked.Read(ref _otherHosts), new KeyValuePair<string, object?>("host", OtherHosts));
    }
}
