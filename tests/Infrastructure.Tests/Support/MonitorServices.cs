using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Tests.Support;

/// <summary>
/// The shared services as a host would build them (<c>AddMonitorCore</c>), over a fresh SQLite file,
/// with settings a test can override.
/// </summary>
public sealed class MonitorServices : IAsyncDisposable
{
    private readonly TestFolder _folder;

    private MonitorServices(ServiceProvider provider, TestFolder folder, IConfiguration configuration)
    {
        Provider = provider;
        _folder = folder;
        Configuration = configuration;
    }

    public ServiceProvider Provider { get; }

    public IConfiguration Configuration { get; }

    public string DatabasePath => Configuration["Monitor:DatabasePath"]!;

    public T Get<T>() where T : notnull => Provider.GetRequiredService<T>();

    public static async Task<MonitorServices> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, bool migrate = true)
    {
        var folder = new TestFolder();
        var values = new Dictionary<string, string?>
        {
            ["Monitor:DatabasePath"] = folder.DatabasePath,
            ["Monitor:Fetch:AllowPrivateNetworks"] = "true",
            ["Monitor:Fetch:Timeout"] = "00:00:05",
            ["Monitor:Fetch:RetryAttempts"] = "1",
            ["Monitor:Fetch:RetryBaseDelay"] = "00:00:00.010",
            ["Monitor:Noise:ConfirmAfter"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorCore();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        if (migrate)
        {
            await provider.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        }

        return new MonitorServices(provider, folder, configuration);
    }

    /// <summary>A raw connection for assertions on what was stored.</summary>
    public async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        _folder.Dispose();
    }
}
