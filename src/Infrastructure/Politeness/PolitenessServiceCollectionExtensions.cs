using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Politeness;

public static class PolitenessServiceCollectionExtensions
{
    /// <summary>
    /// What the monitor owes each host, process-wide: spacing between requests and the pauses a host asks for
    /// (<see cref="HostPacer"/>), a circuit per host (<see cref="HostCircuits"/>), both as one verdict
    /// (<see cref="HostPauses"/>), a cap on checks in flight (<see cref="HostGate"/>) and the probe of its not-found
    /// answer (<see cref="HostProbes"/>).
    /// </summary>
    public static IServiceCollection AddHostPoliteness(this IServiceCollection services)
    {
        services.TryAddSingleton<TimeProvider>(MicrosecondClock.Instance);
        services.TryAddSingleton<HostPacer>();

        // Across every worker where they share a PostgreSQL database; each process on its own over SQLite.
        // (Made by a factory: a host without a database, the one-shot check, has nothing to share.)
        services.TryAddSingleton<ISharedHosts>(provider =>
            provider.GetService<IOptions<DatabaseOptions>>()?.Value.Provider == DatabaseProvider.Postgres
                ? ActivatorUtilities.CreateInstance<DatabaseSharedHosts>(provider)
                : UnsharedHosts.Instance);
        services.TryAddSingleton<HostCircuits>();
        services.TryAddSingleton<HostPauses>();
        services.TryAddSingleton<HostGate>();
        // The database's, unless a host keeps its probes elsewhere (the one-shot check keeps them in memory).
        services.TryAddSingleton<IHostProbeStore, HostProbeStore>();
        services.TryAddSingleton<HostProbes>();
        return services;
    }
}
