using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Export;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Mementos;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.Infrastructure.Summary;
using CitationMonitor.Infrastructure.WebArchive;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Serilog;

namespace CitationMonitor.Infrastructure;

public static class MonitorServiceCollectionExtensions
{
    /// <summary>
    /// Options (validated at start-up), the database with its migrations and seed, the stores,
    /// the fetch pipeline and the checker: everything both hosts share.
    /// </summary>
    public static IServiceCollection AddMonitorCore(this IServiceCollection services)
    {
        DapperConventions.Register();

        services.AddMonitorSection<MonitorOptions>(MonitorOptions.Section);
        services.AddSingleton<IValidateOptions<MonitorOptions>, MonitorOptionsValidator>();
        services.AddMonitorSection<WorkerOptions>(WorkerOptions.Section);
        services.AddMonitorSection<FetchOptions>(FetchOptions.Section);
        services.AddMonitorSection<HealthOptions>(HealthOptions.Section);
        services.AddMonitorSection<NoiseOptions>(NoiseOptions.Section);
        services.AddSingleton<IValidateOptions<NoiseOptions>, NoiseOptionsValidator>();
        services.AddMonitorSection<WebhookDeliveryOptions>(WebhookDeliveryOptions.Section);
        // Monitor:Webhooks is a list, bound into the options object's Hooks.
        services.AddMonitorSection<WebhooksOptions>(WebhooksOptions.Section, (section, webhooks) => section.Bind(webhooks.Hooks));
        services.AddSingleton<IValidateOptions<WebhooksOptions>, WebhooksOptionsValidator>();
        services.AddMonitorSection<ArchiveOptions>(ArchiveOptions.Section);
        services.AddSingleton<IValidateOptions<ArchiveOptions>, ArchiveOptionsValidator>();

        services.TryAddSingleton<TimeProvider>(MicrosecondClock.Instance);
        services.AddMonitorSection<DatabaseOptions>(DatabaseOptions.Section);
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<PostgresConnectionFactory>();
        services.AddSingleton<IDbConnectionFactory>(provider =>
            provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
                ? provider.GetRequiredService<PostgresConnectionFactory>()
                : provider.GetRequiredService<SqliteConnectionFactory>());
        services.AddSingleton<WriteBatches>();
        services.AddSingleton<Migrator>();
        services.AddHostedService<DatabaseInitializer>();

        services.AddSingleton<DocumentStore>();
        services.AddSingleton<CitationStore>();
        services.AddSingleton<PlaceStore>();
        services.AddSingleton<CitationAuditStore>();
        services.AddSingleton<CitationLife>();
        services.AddSingleton<DocumentLife>();
        services.AddSingleton<CitationScheduleStore>();
        services.AddSingleton<OverdueBrokenCitations>();
        services.AddSingleton<CheckStore>();
        services.AddSingleton<SnapshotStore>();
        services.AddSingleton<ChangeStore>();
        services.AddSingleton<SummaryStore>();
        services.AddSingleton<MementoStore>();
        services.AddSingleton<HealthTransitionStore>();
        services.AddSingleton<WarcExportStore>();
        services.AddSingleton<WarcExporter>();
        services.AddSingleton<WatchlistStore>();
        services.AddSingleton<CitationLeaseStore>();
        services.AddSingleton<NoiseRulesProvider>();
        services.AddSingleton<VolatileLineStore>();

        services.AddPageFetching();
        services.AddCheckPipeline();

        services.AddSingleton<WebhookDeliveryStore>();
        services.AddSingleton<NotificationRecorder>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddWebhookHttpClient();

        services.AddFixityAndBackups();
        services.AddWebArchive();
        return services;
    }

    /// <summary>Serilog for either host, configured from the <c>Serilog</c> section.</summary>
    public static IServiceCollection AddMonitorLogging(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSerilog((provider, logger) => logger
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(provider)
            .Enrich.FromLogContext());

    /// <summary>
    /// The command line a host is built with: the user's, and the host builder told not to watch its settings files for
    /// changes. Settings are read at start, as the root file always was (<see cref="AddMonitorSettingsFile"/>); a watch
    /// would put a file watcher on the whole working directory, which holds the default database
    /// (<c>data/monitor.db</c>), and wake it on every write a check makes.
    /// </summary>
    public static string[] HostArguments(string[] args) => [.. args, "--hostBuilder:reloadConfigOnChange=false"];

    /// <summary>
    /// Both hosts read the root appsettings.json: from the working directory when started at the repository root,
    /// otherwise the copy next to the binaries. Environment variables and the command line still override it.
    /// </summary>
    public static IConfigurationManager AddMonitorSettingsFile(this IConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(path))
        {
            var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
            source.ResolveFileProvider();
            configuration.Sources.Insert(0, source);
        }

        return configuration;
    }
}
