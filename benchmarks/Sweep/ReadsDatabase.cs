using System.Diagnostics;
using System.Globalization;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Vocabulary;
using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Sweep;

/// <summary>What was written, and how long it took.</summary>
internal sealed record ReadsDatabaseFigures(
    TimeSpan Elapsed, long Citations, long Checks, long Snapshots, long Bodies, long Changes, long Transitions, long Documents,
    long Places, long Bytes, IReadOnlyDictionary<string, long> ByHealth)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Citations:N0} citations ({string.Join(", ", ByHealth.Select(h => $"{h.Value:N0} {h.Key}"))}), {Checks:N0} checks, " +
        $"{Snapshots:N0} snapshots of {Bodies:N0} distinct bodies, {Changes:N0} changes, {Transitions:N0} health transitions, " +
        $"{Documents:N0} documents with {Places:N0} places; {Bytes / 1024.0 / 1024.0:N0} MB, ") +
        (Elapsed > TimeSpan.Zero ? string.Create(CultureInfo.InvariantCulture, $"written in {Elapsed.TotalSeconds:F1} s") : "written by an earlier run");
}

/// <summary>
/// A monitor's database of the size the reads are measured at, written straight into SQLite: migrated by the monitor's
/// own migrator, then filled with prepared inserts in large transactions (no journal while writing: a generated file
/// is written again rather than recovered), then put back in WAL mode, every foreign key checked.
/// </summary>
internal static class ReadsDatabase
{
    private const int RowsPerCommit = 200_000;

    /// <summary>The document whose report is read: it cites every (citations / report sources)-th citation.</summary>
    public const long ReportDocumentId = 1;

    public static async Task<ReadsDatabaseFigures> GenerateAsync(string path, ReadsSettings settings, DateTimeOffset now)
    {
        var clock = Stopwatch.StartNew();
        await MigrateAsync(path);
        var plan = ReadsPlan.Make(settings);
        var urls = new string[settings.Citations + 1];
        for (var i = 1; i <= settings.Citations; i++)
        {
            urls[i] = string.Create(CultureInfo.InvariantCulture, $"https://prensa{plan.HostOf(i)}.gob.example/comunicados/{2018 + (i % 8)}/{i}.html");
        }

        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=False"))
        {
            await connection.OpenAsync();
            Execute(connection, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -524288; PRAGMA temp_store = MEMORY;");
            Execute(connection, "BEGIN");
            void Commit() => Execute(connection, "COMMIT; BEGIN;");

            var history = new ReadsHistory(connection, plan, now, i => urls[i]);
            history.Write(Commit, RowsPerCommit);
            WriteCitations(connection, settings, urls, history.States, now);
            Commit();
            WriteDocuments(connection, settings, urls, history.States);
            Execute(connection, "COMMIT");
            Execute(connection, "PRAGMA journal_mode = WAL;");

            var broken = Scalar(connection, "SELECT COUNT(*) FROM pragma_foreign_key_check");
            if (broken != 0)
            {
                throw new InvalidOperationException($"the generated database has {broken} broken references");
            }
        }

        return await FiguresAsync(path, clock.Elapsed);
    }

    public static async Task<ReadsDatabaseFigures> FiguresAsync(string path, TimeSpan elapsed)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var byHealth = new Dictionary<string, long>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT health, COUNT(*) FROM citations GROUP BY health ORDER BY COUNT(*) DESC";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                byHealth[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return new ReadsDatabaseFigures(
            elapsed,
            Scalar(connection, "SELECT COUNT(*) FROM citations"),
            Scalar(connection, "SELECT COUNT(*) FROM checks"),
            Scalar(connection, "SELECT COUNT(*) FROM snapshots"),
            Scalar(connection, "SELECT COUNT(*) FROM bodies"),
            Scalar(connection, "SELECT COUNT(*) FROM changes"),
            Scalar(connection, "SELECT COUNT(*) FROM health_transitions"),
            Scalar(connection, "SELECT COUNT(*) FROM documents"),
            Scalar(connection, "SELECT COUNT(*) FROM places"),
            new FileInfo(path).Length,
            byHealth);
    }

    /// <summary>The migrations of the monitor's own migrator, as a host applies them on start.</summary>
    private static async Task MigrateAsync(string path)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Monitor:DatabasePath"] = path,
            ["Monitor:SeedDefaultCitations"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorCore();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Each citation's row as its last check left it (a never-checked one is due now).</summary>
    private static void WriteCitations(SqliteConnection connection, ReadsSettings settings, string[] urls, ReadsCitationStates states, DateTimeOffset now)
    {
        using var citations = new ReadsInserter(connection, "citations",
            "id", "url", "normalized_url", "url_key", "host", "health", "last_status", "last_http_status", "last_reason", "last_checked_at",
            "next_check_at", "last_ok_at", "last_changed_at", "final_url", "title", "consecutive_failures", "first_failure_at", "check_count",
            "change_count", "snapshot_count", "created_at");
        for (var i = 1; i <= settings.Citations; i++)
        {
            var url = UrlNormalizer.Normalize(urls[i]);
            var checkedAt = states.LastCheckedAt[i];
            if (checkedAt is null)
            {
                states.CreatedAt[i] = now.AddMinutes(-(i % 600));
            }

            citations.Row(
                (long)i, urls[i], url.Url, url.Key, url.Host, WireName.Of(states.Health[i]),
                states.LastStatus[i] is { } status ? WireName.Of(status) : null, states.LastHttpStatus[i], states.LastReason[i],
                DbTime.ToDb(checkedAt), DbTime.ToDb(checkedAt?.AddDays(1) ?? states.CreatedAt[i]), DbTime.ToDb(states.LastOkAt[i]),
                DbTime.ToDb(states.LastChangedAt[i]), states.Answered[i] ? urls[i] : null, states.Title[i], states.ConsecutiveFailures[i],
                DbTime.ToDb(states.FirstFailureAt[i]), states.CheckCount[i], states.ChangeCount[i],
                states.SnapshotCount[i], DbTime.ToDb(states.CreatedAt[i]));
        }
    }

    /// <summary>
    /// Document 1 cites every (citations / report sources)-th citation, the report read; the others cite a hundred
    /// citations each, and the first ten of the next hundred too (a tenth of the sources cited twice). Each place has one
    /// occurrence with its context; a document is created just before its first citation.
    /// </summary>
    private static void WriteDocuments(SqliteConnection connection, ReadsSettings settings, string[] urls, ReadsCitationStates states)
    {
        var n = settings.Citations;
        var step = n / settings.ReportSources;
        var cited = new List<(long Document, int[] Citations)>
        {
            (ReportDocumentId, [.. Enumerable.Range(1, settings.ReportSources).Select(k => k * step)]),
        };
        for (var block = 0; block * 100 < n; block++)
        {
            var own = Enumerable.Range((block * 100) + 1, Math.Min(100, n - (block * 100)));
            var next = Enumerable.Range(((block + 1) * 100) + 1, 10).Where(i => i <= n);
            cited.Add((block + 2, [.. own, .. next]));
        }

        using var documents = new ReadsInserter(connection, "documents", "id", "title", "created_at");
        using var places = new ReadsInserter(connection, "places", "document_id", "citation_id", "created_at");
        using var occurrences = new ReadsInserter(connection, "citation_places", "document_id", "citation_id", "cited_url", "context", "line", "position");
        foreach (var (document, citations) in cited)
        {
            var createdAt = DbTime.ToDb(citations.Min(i => states.CreatedAt[i]).AddMinutes(-1));
            var title = document == ReportDocumentId
                ? string.Create(CultureInfo.InvariantCulture, $"Informe con {citations.Length:N0} fuentes")
                : string.Create(CultureInfo.InvariantCulture, $"Informe {document} sobre la situación de las personas migrantes");
            documents.Row(document, title, createdAt);
            for (var position = 0; position < citations.Length; position++)
            {
                var i = citations[position];
                places.Row(document, (long)i, createdAt);
                occurrences.Row(document, (long)i, urls[i], $"Según el comunicado {i} ({urls[i]}), la situación persiste.", (long)(position + 3), (long)position);
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
