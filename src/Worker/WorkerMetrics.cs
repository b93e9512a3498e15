using System.Net;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Security;
using CitationMonitor.Infrastructure.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace CitationMonitor.Worker;

/// <summary>
/// The worker's <c>/metrics</c>, on <c>Monitor:Worker:MetricsUrls</c> (off by default): what the API serves at the same
/// path (<see cref="MonitorMetrics"/>, Polly's events, the HTTP server's), for a scraper on this machine, or elsewhere
/// with a key of <c>Monitor:ApiKeys</c> in <c>X-Api-Key</c>.
/// </summary>
internal static class WorkerMetrics
{
    private const string Path = "/metrics";

    /// <summary>Where to serve them; null when the worker opens no port.</summary>
    public static string? UrlsOf(IConfiguration configuration) =>
        configuration[$"{WorkerOptions.Section}:{nameof(WorkerOptions.MetricsUrls)}"] is { Length: > 0 } urls ? urls : null;

    public static IServiceCollection AddWorkerMetrics(this IServiceCollection services)
    {
        services.AddMonitorMetrics();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static void MapWorkerMetrics(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(Path))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var keys = context.RequestServices.GetRequiredService<IOptionsMonitor<MonitorOptions>>().CurrentValue.ApiKeys;
            var loopback = context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
            if (!loopback && ApiKeys.IndexOf(keys, context.Request.Headers["X-Api-Key"].ToString()) < 0)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.ContentType = "application/problem+json";
                await context.Response.WriteAsync(
                    """{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.2","title":"Unauthorized","status":401,"detail":"Metrics are served to this machine, and elsewhere to a client with an API key in the X-Api-Key header."}""");
                return;
            }

            await next(context);
        });
        app.UseOpenTelemetryPrometheusScrapingEndpoint(Path);
    }
}
