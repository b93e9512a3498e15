using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CitationMonitor.Api.Health;

/// <summary>Healthy when the database answers a query within a few seconds.</summary>
internal sealed class DatabaseHealthCheck(Migrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await migrator.AppliedCountAsync(timeout.Token);
            return HealthCheckResult.Healthy("database answers");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("database does not answer", ex);
        }
    }
}
