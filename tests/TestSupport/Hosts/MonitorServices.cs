using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using System.Data.Common;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Databases;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.TestSupport.Hosts;

/// <summary>
/// The shared services as a host would build them (<c>AddMonitorCore</c>), over a fresh database with settings a test
/// can override: a SQLite file, or, in the PostgreSQL case of a test on both databases
/// (<see cref="OnBothDatabasesAttribute"/>), a schema of its own on the test server.
/// </summary>
public sealed class MonitorServices : IAsyncDisposable
{
    // What this instance made and removes again; null for one built over another's database.
    private readonly TestFolder? _folder;
    private readonly PostgresSchema? _ownSchema;

    // The PostgreSQL schema the services use, theirs or another instance's.
    private readonly PostgresSchema? _schema;

    private MonitorServices(
        ServiceProvider provider, IConfiguration configuration, PostgresSchema? schema, TestFolder? folder, PostgresSchema? ownSchema)
    {
        Provider = provider;
        Configuration = configuration;
        _schema = schema;
        _folder = folder;
        _ownSchema = ownSchema;
    }

    /// <summary>The database the services are built over.</summary>
    public DatabaseProvider Database => _schema is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    public ServiceProvider Provider { get; }

    public IConfiguration Configuration { get; }

    public string DatabasePath => Configuration["Monitor:DatabasePath"]!;

    /// <summary>
    /// The test settings for another host over this database (its SQLite file, or its PostgreSQL schema), with
    /// <paramref name="overrides"/> laid over them.
    /// </summary>
    public Dictionary<string, string?> SettingsForAnotherHost(IDictionary<string, string?>? overrides = null)
    {
        var settings = TestSettings.ForServices(DatabasePath, overrides);
        return _schema?.Into(settings) ?? settings;
    }

    public T Get<T>() where T : notnull => Provider.GetRequiredService<T>();

    /// <summary>
    /// The services over a new database: a SQLite file in a folder of their own, or, in the PostgreSQL case of a test on
    /// both databases, a schema of their own.
    /// </summary>
    public static async Task<MonitorServices> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null, bool migrate = true,
        DatabaseProvider? database = null)
    {
        var folder = new TestFolder();
        var schema = (database ?? TestDatabase.Current) == DatabaseProvider.Postgres ? await PostgresServer.CreateSchemaAsync() : null;
        var values = TestSettings.ForServices(folder.DatabasePath, settings);
        return await BuildAsync(schema?.Into(values) ?? values, configure, migrate, schema, folder, schema);
    }

    /// <summary>The services over a PostgreSQL schema made by the test, which stays the test's to remove.</summary>
    public static Task<MonitorServices> OverAsync(PostgresSchema schema, IDictionary<string, string?>? settings = null)
    {
        var folder = new TestFolder();
        return BuildAsync(schema.Into(TestSettings.ForServices(folder.DatabasePath, settings)), null, migrate: true, schema, folder, null);
    }

    /// <summary>
    /// A second set of services (a second process, as far as the database can tell) over this instance's database, with
    /// <paramref name="settings"/> laid over the test settings; the database stays this instance's to remove.
    /// </summary>
    public Task<MonitorServices> BesideAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null) =>
        BuildAsync(SettingsForAnotherHost(settings), configure, migrate: true, _schema, null, null);

    private static async Task<MonitorServices> BuildAsync(
        Dictionary<string, string?> values, Action<IServiceCollection>? configure, bool migrate,
        PostgresSchema? schema, TestFolder? folder, PostgresSchema? ownSchema)
    {
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

        return new MonitorServices(provider, configuration, schema, folder, ownSchema);
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

    /// <summary>A raw connection for assertions on what was stored (SQL both engines run).</summary>
    public async Task<DbConnection> OpenAsync()
    {
        if (_schema is not null)
        {
            return await _schema.OpenAsync();
        }

        var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        _folder?.Dispose();
        if (_ownSchema is not null)
        {
            await _ownSchema.DisposeAsync();
        }
    }
}
