using System.Net;
using CitationMonitor.Infrastructure.Telemetry;
using OpenTelemetry.Metrics;

namespace CitationMonitor.Api.Health;

/// <summary>
/// <c>GET /metrics</c>: the monitor's metrics in Prometheus's text format (<see cref="MonitorMetrics"/>, the HTTP
/// server's, Polly's resilience events), for a scraper on this machine, or elsewhere with an API key in
/// <c>X-Api-Key</c>. Left out of the OpenAPI document: it is for operators' tools, not for the API's clients.
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    /// <summary>Who may scrape: a client on this machine, or one presenting a key of <c>Monitor:ApiKeys</c>.</summary>
    public const string Policy = "metrics";

    public static IServiceCollection AddMonitorMetricsEndpoint(this IServiceCollection services)
    {
        services.AddMonitorMetrics();

        // Every scrape reads the counters as they are: no answer kept between two scrapes.
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.RequireAssertion(context =>
            context.User.Identity?.IsAuthenticated == true
            || (context.Resource is HttpContext http && http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address))));
        return services;
    }

    public static void MapMonitorMetrics(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(Path).RequireAuthorization(Policy).ExcludeFromDescription();
}
