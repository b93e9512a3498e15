using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace CitationMonitor.Api.Health;

/// <summary>
/// The probes an orchestrator or a load balancer asks: <c>/health/live</c> (the process answers requests: restart it
/// when this fails), <c>/health/ready</c> (it can do its work: the database answers; send it no traffic while this
/// fails) and <c>/healthz</c> (every check, as before). None needs a key or counts against the rate limits.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The tag of the checks that readiness runs.</summary>
    public const string Ready = "ready";

    /// <summary>Paths of the probes, left out of the rate limits.</summary>
    public static readonly string[] Paths = ["/healthz", "/health/live", "/health/ready"];

    public static IServiceCollection AddMonitorHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [Ready]);
        return services;
    }

    public static void MapMonitorHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz");

        // Alive while the process answers: no check runs, so a database that is down does not get the process restarted.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
    }

    public static bool IsProbe(PathString path) => Paths.Any(probe => path.StartsWithSegments(probe));
}
