using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Seeding;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// Runs before anything else starts: migrates the database and, on an empty one, loads the bundled statement.
/// </summary>
internal sealed class DatabaseInitializer(
    Migrator migrator,
    IDbConnectionFactory connections,
    DocumentStore documents,
    IOptions<MonitorOptions> options,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (connections is PostgresConnectionFactory postgres)
        {
            // A server that cannot be reached stops the start here, in one line naming the setting.
            await postgres.EnsureReachableAsync(cancellationToken);
        }

        await migrator.MigrateAsync(cancellationToken);

        // Snapshots taken before the hash chain existed join it now, in id order, so it covers them from here on.
        var sealedNow = await SnapshotChain.SealPendingAsync(connections, cancellationToken);
        if (sealedNow > 0)
        {
            logger.LogInformation("Sealed {Count} earlier snapshot(s) into the hash chain", sealedNow);
        }

        if (!options.Value.SeedDefaultCitations)
        {
            return;
        }

        var statement = DefaultStatement.Load();
        var cited = CitationExtractor.Extract(statement.Text);
        var id = await documents.CreateInEmptyDatabaseAsync(
            new NewDocument(statement.Title, statement.SourceUrl, statement.Description, cited), cancellationToken);
        if (id is not null)
        {
            logger.LogInformation(
                "Empty database: loaded the bundled statement as document {DocumentId} with {Sources} sources",
                id, cited.Select(c => c.Normalized.Key).Distinct().Count());
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
