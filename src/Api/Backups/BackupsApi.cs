using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Backups;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitationMonitor.Api.Backups;

/// <summary>
/// A backup just written. <c>integrityCheck</c> is SQLite's own verdict on the file (<c>ok</c>), <c>snapshots</c> how
/// many snapshots it holds.
/// </summary>
public sealed record BackupResponse(string FileName, string Path, long SizeBytes, string IntegrityCheck, long Snapshots, DateTimeOffset CreatedAt);

internal static class BackupsApi
{
    public static RouteGroupBuilder MapBackups(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/backups").WithTags("Backups")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapPost("/", CreateBackup).WithName("CreateBackup")
            .WithSummary("Writes a consistent copy of the live database to Monitor:Backup:Directory while checks go on; 201 with the file and its integrity check.")
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithNoBody();
        return group;
    }

    private static async Task<Results<Created<BackupResponse>, ProblemHttpResult>> CreateBackup(
        DatabaseBackup backups, IOptions<DatabaseOptions> database, CancellationToken cancellationToken)
    {
        if (database.Value.Provider == DatabaseProvider.Postgres)
        {
            // The server's own tools copy a live PostgreSQL database consistently; the monitor does not duplicate them.
            return TypedResults.Problem(
                detail: "The monitor keeps its data in PostgreSQL (Monitor:Database:Provider = postgres): back it up with the " +
                    "database's own tools, e.g. pg_dump --format=custom --file=monitor.dump <database>, or continuous archiving. " +
                    "See docs/postgres.md, \"Backups\".",
                statusCode: StatusCodes.Status409Conflict, title: "Backups are the database's own on PostgreSQL",
                type: "https://www.postgresql.org/docs/current/backup.html");
        }

        var backup = await backups.CreateAsync(cancellationToken);
        var response = new BackupResponse(backup.FileName, backup.Path, backup.SizeBytes, backup.IntegrityCheck, backup.Snapshots, backup.CreatedAt);
        if (!backup.Ok)
        {
            return TypedResults.Problem(
                detail: $"The backup {backup.Path} was written but fails SQLite's integrity check: {backup.IntegrityCheck}",
                statusCode: StatusCodes.Status500InternalServerError, title: "Backup failed its integrity check",
                extensions: new Dictionary<string, object?> { ["path"] = backup.Path, ["integrityCheck"] = backup.IntegrityCheck });
        }

        return TypedResults.Created((string?)null, response);
    }
}
