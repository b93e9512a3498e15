using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CitationMonitor.Infrastructure.Options;

/// <summary>
/// <c>Monitor:Database</c>: which engine holds the monitor's state and evidence. SQLite, the default, is the file at
/// <c>Monitor:DatabasePath</c>; PostgreSQL is the database <see cref="ConnectionString"/> names, which any number of
/// workers on any number of machines share.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "Monitor:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// An Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>), for <see cref="DatabaseProvider.Postgres"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// <see cref="Provider"/>, read before the options are bound (to decide what a host registers). A value that is not
    /// a provider counts as SQLite here; the configuration check then stops the start naming the key.
    /// </summary>
    public static DatabaseProvider ProviderOf(IConfiguration configuration) =>
        Enum.TryParse<DatabaseProvider>(configuration[$"{Section}:{nameof(Provider)}"], ignoreCase: true, out var provider)
        && Enum.IsDefined(provider) ? provider : DatabaseProvider.Sqlite;

    /// <summary>
    /// Where the connection string points, for messages and logs: host, port, database and user, never the password.
    /// </summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"Host={builder.Host};Port={builder.Port};Database={builder.Database};Username={builder.Username}";
}

/// <summary>
/// Refuses, at start-up, a provider other than sqlite or postgres, and for postgres a connection string that is missing
/// or that Npgsql cannot read. Its messages name the key and the cause, never the string (which may hold a password).
/// </summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    private const string Key = DatabaseOptions.Section + ":" + nameof(DatabaseOptions.ConnectionString);

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)} must be sqlite or postgres.");
        }

        if (options.Provider != DatabaseProvider.Postgres)
        {
            return ValidateOptionsResult.Success;
        }

        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail(
                $"{Key} must be set when {DatabaseOptions.Section}:{nameof(DatabaseOptions.Provider)} is postgres, e.g. Host=127.0.0.1;Database=monitor;Username=monitor;Password=….");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database)
                ? ValidateOptionsResult.Fail($"{Key} must name a Host and a Database.")
                : ValidateOptionsResult.Success;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            // Npgsql's message may quote a piece of the string (a password with a ';' in it): only its kind is said.
            return ValidateOptionsResult.Fail($"{Key} cannot be read ({ex.GetType().Name}): check its keywords and quoting, e.g. Host=…;Database=…;Username=…;Password=….");
        }
    }
}
