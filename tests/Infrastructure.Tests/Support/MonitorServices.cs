using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
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
            // Every test server is on loopback: one host to the pacer. Tests of pacing set their own delay.
            ["Monitor:Fetch:PerHostDelay"] = "00:00:00",
            ["Monitor:Noise:ConfirmAfter"] = "00:00:00.050",
            // Nothing may leave the machine: tests of the web archive point it at a loopback stand-in.
            ["Monitor:Archive:Enabled"] = "false",
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

    /// <summary>Watches a URL as <c>POST /api/citations</c> would; returns the citation's id.</summary>
    public async Task<long> WatchAsync(string url)
    {
        var (citation, _) = await Get<CitationStore>().AddAsync(url, UrlNormalizer.Normalize(url), null, null, CancellationToken.None);
        return citation.Citation.Id;
    }

    /// <summary>Checks a citation now and returns the recorded check, asserting that it was checked.</summary>
    internal async Task<CheckRow> CheckedAsync(long id)
    {
        var run = await Get<CitationChecker>().CheckAsync(id, CancellationToken.None);
        Assert.Equal(CheckRunOutcome.Checked, run.Outcome);
        return run.Check!;
    }

    /// <summary>The changes recorded for one citation, newest first.</summary>
    internal Task<Paged<ChangeRow>> ChangesAsync(long id) =>
        Get<ChangeStore>().ListAsync(new ChangeFilter(CitationId: id), new PageRequest(), CancellationToken.None);

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
