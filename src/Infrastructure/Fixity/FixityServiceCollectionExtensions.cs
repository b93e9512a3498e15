using CitationMonitor.Infrastructure.Backups;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Fixity;

internal static class FixityServiceCollectionExtensions
{
    /// <summary>Fixity runs, the hash chain's verification and online backups, with their options validated at start-up.</summary>
    public static IServiceCollection AddFixityAndBackups(this IServiceCollection services)
    {
        services.AddMonitorSection<FixityOptions>(FixityOptions.Section);
        services.AddMonitorSection<BackupOptions>(BackupOptions.Section);
        services.AddSingleton<IValidateOptions<BackupOptions>, BackupOptionsValidator>();

        services.AddSingleton<FixityStore>();
        services.AddSingleton<ChainVerifier>();
        services.AddSingleton<FixityRunner>();
        services.AddSingleton<DatabaseBackup>();
        return services;
    }
}
