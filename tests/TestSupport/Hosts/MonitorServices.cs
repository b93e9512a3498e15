using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.TestSupport.Hosts;

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
        var values = TestSettings.ForServices(folder.DatabasePath, settings);

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

    /// <summary>
    /// Cites <paramref name="url"/> in a new document published at <paramref name="publishedAt"/>, as
    /// <c>POST /api/documents</c> would; returns the citation's id.
    /// </summary>
    public async Task<long> CiteInPublishedDocumentAsync(string url, DateTimeOffset publishedAt)
    {
        var cited = CitationExtractor.Extract($"As the ministry announced ({url}), the border was closed.");
        var documentId = await Get<DocumentStore>().CreateAsync(
            new NewDocument("Statement", null, null, cited) { PublishedAt = publishedAt }, CancellationToken.None);
        await using var db = await OpenAsync();
        return await db.QuerySingleAsync<long>("SELECT citation_id FROM citation_places WHERE document_id = @documentId", new { documentId });
    }

    /// <summary>Sets the passage of a citation watched on its own (its one place), as <c>PATCH /api/citations/{id}</c> would.</summary>
    internal async Task QuoteAsync(long citationId, string? quote)
    {
        var place = Assert.Single(await Get<PlaceStore>().OfCitationAsync(citationId, null, CancellationToken.None));
        await Get<PlaceStore>().SetQuoteAsync(place.Id, quote, CancellationToken.None);
    }

    /// <summary>The one place of a citation watched on its own.</summary>
    internal async Task<PlaceRow> PlaceAsync(long citationId) =>
        Assert.Single(await Get<PlaceStore>().OfCitationAsync(citationId, null, CancellationToken.None));

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
