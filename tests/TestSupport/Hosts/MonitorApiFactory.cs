using System.Data.Common;
using System.Net;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Databases;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.TestSupport.Hosts;

/// <summary>
/// The real API over a fresh database: a SQLite file in a temporary folder, or, in the PostgreSQL case of a test on both
/// databases (<see cref="OnBothDatabasesAttribute"/>), a schema of its own on the test server. The scheduler is off, so
/// tests decide when checks run.
/// </summary>
public sealed class MonitorApiFactory : WebApplicationFactory<Program>
{
    private readonly TestFolder _folder = new();
    private readonly PostgresSchema? _schema;
    private readonly Dictionary<string, string?> _settings;

    public MonitorApiFactory(IDictionary<string, string?>? settings = null)
    {
        _settings = TestSettings.ForApi(_folder.DatabasePath, settings);
        if (TestDatabase.Current == DatabaseProvider.Postgres)
        {
            _schema = PostgresServer.CreateSchema();
            _schema.Into(_settings);
        }
    }

    public string DatabasePath => _settings["Monitor:DatabasePath"]!;

    /// <summary>The database the API is built over.</summary>
    public DatabaseProvider Database => _schema is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres;

    /// <summary>A raw connection to the API's database, for what a test asserts on or arranges (SQL both engines run).</summary>
    public async Task<DbConnection> OpenDatabaseAsync()
    {
        if (_schema is not null)
        {
            return await _schema.OpenAsync();
        }

        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        return connection;
    }

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Header a test sets to play a client at another address; without it the client is on loopback.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // The in-memory test server has no client address; give it the one a real connection would have.
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressStartupFilter>());
    }

    private sealed class ClientAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.TryParse(context.Request.Headers[ClientAddressHeader], out var address)
                    ? address
                    : IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();
        if (_schema is not null)
        {
            await _schema.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
