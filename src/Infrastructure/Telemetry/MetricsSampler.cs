using System.Diagnostics.Metrics;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Telemetry;

/// <summary>
/// The gauges read from the database (the due backlog, the leases held, the hosts paused, the webhook outbox), sampled
/// every <see cref="Every"/> in the background: a scrape reads the last sample and never waits on the database, and many
/// workers scraped often cost it one small query each per period.
/// </summary>
internal sealed class MetricsSampler(
    IDbConnectionFactory connections, Politeness.HostPauses pauses, TimeProvider time, ILogger<MetricsSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(15);

    private static readonly Meter Meter = new(MonitorMetrics.MeterName);
    private static Sample? _last;

    static MetricsSampler()
    {
        Meter.CreateObservableGauge("monitor.due.backlog", () => Observe(s => s.Due), "{citation}", "Citations due and not yet checked.");
        Meter.CreateObservableGauge("monitor.leases.held", () => Observe(s => s.Leased), "{citation}", "Citations claimed by a worker now.");
        Meter.CreateObservableGauge("monitor.hosts.paused", () => Observe(s => s.Paused), "{host}", "Hosts paused by a long Retry-After or an open circuit, across every worker sharing the database.");
        Meter.CreateObservableGauge("monitor.webhooks.outbox", () => Observe(s => s.Outbox), "{delivery}", "Webhook deliveries waiting to be sent.");
    }

    /// <summary>Takes one sample now (also what the background loop does).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        _last = await work.SingleAsync<Sample>(
            """
            SELECT (SELECT COUNT(*) FROM citations WHERE next_check_at <= @now AND paused = 0 AND retired = 0) AS due,
                   (SELECT COUNT(*) FROM citations WHERE lease_until > @now) AS leased,
                   (SELECT COUNT(*) FROM host_turns WHERE paused_until > @now OR circuit_open_until > @now) AS paused,
                   (SELECT COUNT(*) FROM webhook_deliveries WHERE next_attempt_at IS NOT NULL) AS outbox
            """, new { now = time.GetUtcNow() }, cancellationToken);
        if (connections.Dialect.Provider == DatabaseProvider.Sqlite)
        {
            // Over SQLite each process keeps its hosts' pauses in memory.
            _last = new Sample { Due = _last.Due, Leased = _last.Leased, Paused = pauses.PausedCount(), Outbox = _last.Outbox };
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // The database cannot answer just now: the gauges keep their last sample (readiness says why).
                logger.LogDebug(ex, "The database gauges could not be sampled");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private static IEnumerable<Measurement<long>> Observe(Func<Sample, long> read) =>
        _last is { } sample ? [new Measurement<long>(read(sample))] : [];

    private sealed class Sample
    {
        public long Due { get; init; }

        public long Leased { get; init; }

        public long Paused { get; init; }

        public long Outbox { get; init; }
    }
}
