using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace CitationMonitor.Infrastructure.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The meters a host's <c>/metrics</c> serves. Polly's and the HTTP server's are bounded to tags of few values.</summary>
    private static readonly string[] Meters =
    [
        MonitorMetrics.MeterName,
        "Polly",
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
    ];

    /// <summary>
    /// OpenTelemetry metrics of the monitor, the HTTP server and Polly's resilience events (retries, circuits opened and
    /// closed), and the sampler of the database's gauges; the host adds the exporter that serves them
    /// (<c>AddPrometheusExporter</c>).
    /// </summary>
    public static IServiceCollection AddMonitorMetrics(this IServiceCollection services)
    {
        services.AddSingleton<MetricsSampler>();
        services.AddHostedService(provider => provider.GetRequiredService<MetricsSampler>());
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(Meters);

            // Polly names a host in pipeline.instance (a circuit) and operation.key (a retry): one series per host, which
            // a monitor of thousands of hosts must not make. Kept: what happened, in which pipeline and strategy.
            string[] pollyTags = ["event.name", "event.severity", "pipeline.name", "strategy.name", "attempt.handled"];
            foreach (var instrument in new[] { "resilience.polly.strategy.events", "resilience.polly.strategy.attempt.duration", "resilience.polly.pipeline.duration" })
            {
                metrics.AddView(instrument, new MetricStreamConfiguration { TagKeys = pollyTags });
            }
        });
        return services;
    }
}
