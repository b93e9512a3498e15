using System.Reflection;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Options;

namespace CitationMonitor.Architecture.Tests;

/// <summary>
/// The domain is pure (no storage, network, scheduling, resilience or web hosting, and not the infrastructure); the API
/// reaches the database only through the infrastructure's stores.
/// </summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(ContentExtractor).Assembly;
    private static readonly Assembly Infrastructure = typeof(FetchOptions).Assembly;
    private static readonly Assembly Api = typeof(Program).Assembly;

    /// <summary>What does I/O, or holds what does: the domain may reference none of it.</summary>
    private static readonly string[] InputOutput =
    [
        "CitationMonitor.Infrastructure",
        "Dapper",
        "Microsoft.Data.Sqlite",
        "SQLitePCLRaw",
        "Npgsql",
        "Quartz",
        "Polly",
        "System.Net.Http",
        "Microsoft.AspNetCore",
    ];

    /// <summary>SQL libraries: only the infrastructure's stores use them.</summary>
    private static readonly string[] Sql = ["Dapper", "Microsoft.Data.Sqlite", "Npgsql"];

    /// <summary>The persistence types with which code could speak SQL itself; the API has stores for that.</summary>
    private static readonly string[] SqlAccess =
    [
        "CitationMonitor.Infrastructure.Persistence.IDbConnectionFactory",
        "CitationMonitor.Infrastructure.Persistence.UnitOfWork",
        "CitationMonitor.Infrastructure.Persistence.UnitOfWorkExtensions",
        "CitationMonitor.Infrastructure.Persistence.SqlFilter",
        "CitationMonitor.Infrastructure.Persistence.DbTime",
    ];

    [Fact]
    public void Domain_ReferencesNeitherTheInfrastructureNorAnyIoAssembly() =>
        Assert.Empty(AssemblyReferences.Matching(Domain, InputOutput));

    [Fact]
    public void Api_ReferencesNoSqlLibraryDirectly() =>
        Assert.Empty(AssemblyReferences.Matching(Api, Sql));

    [Fact]
    public void Api_ReachesTheDatabaseOnlyThroughTheStores() =>
        Assert.Empty(TypeReferences.Of(Api).Intersect(SqlAccess).Order(StringComparer.Ordinal));

    // The rules are only worth something if they fail: the infrastructure breaks both, as it may.
    [Fact]
    public void SqlRule_FlagsAnAssemblyThatUsesDapperSqliteAndNpgsql() =>
        Assert.Equal(["Dapper", "Microsoft.Data.Sqlite", "Npgsql"], AssemblyReferences.Matching(Infrastructure, Sql));

    [Fact]
    public void IoRule_FlagsAnAssemblyThatUsesStorageSchedulingResilienceAndHttp()
    {
        var flagged = AssemblyReferences.Matching(Infrastructure, InputOutput);

        Assert.Contains("Dapper", flagged);
        Assert.Contains("Microsoft.Data.Sqlite", flagged);
        Assert.Contains("Quartz", flagged);
        Assert.Contains("Polly.Core", flagged);
        Assert.Contains("System.Net.Http", flagged);
    }

    [Fact]
    public void IoRule_FlagsTheApiForAspNetCoreAndTheInfrastructure()
    {
        var flagged = AssemblyReferences.Matching(Api, InputOutput);

        Assert.Contains("CitationMonitor.Infrastructure", flagged);
        Assert.Contains(flagged, name => name.StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal));
    }

    [Fact]
    public void TypeRule_SeesThePersistenceTypesTheApiDoesUse()
    {
        var used = TypeReferences.Of(Api);

        // Paging is the stores' answer and may be used; the rule above would see a forbidden type just as well.
        Assert.Contains("CitationMonitor.Infrastructure.Persistence.Paged`1", used);
        Assert.Contains("CitationMonitor.Infrastructure.Persistence.PageRequest", used);
    }
}
