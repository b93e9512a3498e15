using System.Diagnostics;
using System.Globalization;
using System.Text;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Sweep;

/// <summary>What the database held at one moment (after a checkpoint, so the file is all of it).</summary>
internal sealed record DatabaseState(long Bytes, long Checks, long Snapshots, long Bodies, long BodyBytes, long Texts, long TextBytes, long Changes);

/// <summary>One sweep of one configuration.</summary>
internal sealed record SweepResult(
    int MaxConcurrency,
    int Sweep,
    int Checks,
    TimeSpan Wall,
    TimeSpan ProcessWall,
    IReadOnlyDictionary<string, int> Statuses,
    int NotModified,
    TimeSpan MedianCheck,
    TimeSpan P95Check,
    MonitorMemory Memory,
    TimeSpan SitesCpu,
    DatabaseState Before,
    DatabaseState After,
    IReadOnlyList<SiteTraffic> Traffic,
    string LoadAtStart,
    string LoadAtEnd)
{
    public double ChecksPerSecond => Checks / Wall.TotalSeconds;

    public double GrowthPerCheck => (double)(After.Bytes - Before.Bytes) / Checks;
}

/// <summary>
/// Runs one configuration: a fresh database with every citation registered through <c>DocumentStore</c> (as
/// <c>POST /api/documents</c> does), a first sweep by the monitor process (every page new), then every citation made
/// due again and a second sweep by a new process (the same pages, a few changed or gone), then a third by that same
/// process over the same pages, measuring each.
/// </summary>
internal sealed class SweepRunner(SweepSettings settings, IFakeWeb farm, string folder, TextWriter log)
{
    /// <summary>A sweep that records no check for this long has stalled.</summary>
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    public async Task<IReadOnlyList<SweepResult>> RunAsync(int maxConcurrency)
    {
        var database = Path.Combine(folder, $"sweep-c{maxConcurrency}.db");
        foreach (var stale in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(stale);
        }

        await RegisterAsync(database);
        var results = new List<SweepResult>();
        Process? running = null;
        try
        {
            for (var sweep = 1; sweep <= LastSweep; sweep++)
            {
                // The warm sweep is run by the process of the sweep before it, over the same pages.
                if (sweep != WarmSweep)
                {
                    await farm.SetGenerationAsync(sweep);
                }

                var (result, monitor) = await SweepAsync(database, maxConcurrency, sweep, running);
                running = monitor;
                results.Add(result);
            }
        }
        finally
        {
            if (running is { HasExited: false })
            {
                running.Kill();
            }

            running?.Dispose();
        }

        return results;
    }

    /// <summary>Sweeps per configuration: all new, again in a new process, again in the same process (warm).</summary>
    internal const int LastSweep = 3;

    /// <summary>The sweep run by the process that ran the sweep before it: the cost of a check once the code is compiled.</summary>
    internal const int WarmSweep = 3;

    /// <summary>How the tables name a sweep.</summary>
    internal static string SweepName(int sweep) => sweep switch
    {
        1 => "1 (all new)",
        2 => "2 (again, new process)",
        _ => "3 (again, same process)",
    };

    internal Task RegisterAsync(string database) =>
        RegisterAsync(settings, farm, new Dictionary<string, string?> { ["Monitor:DatabasePath"] = database });

    /// <summary>
    /// Registers the citations of <paramref name="settings"/> as documents of 100 citations each through
    /// <c>DocumentStore</c>, in the database <paramref name="database"/> names (its <c>Monitor</c> settings), migrated first.
    /// </summary>
    internal static async Task RegisterAsync(SweepSettings settings, IFakeWeb farm, IReadOnlyDictionary<string, string?> database)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Monitor:SeedDefaultCitations"] = "false" })
            .AddInMemoryCollection(database)
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorCore();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);

        var cited = Cited(settings);
        var documents = provider.GetRequiredService<DocumentStore>();
        foreach (var (chunk, number) in cited.Chunk(100).Select((chunk, number) => (chunk, number)))
        {
            var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Informe {number + 1} sobre la situación de las personas migrantes\n\n");
            foreach (var (site, page) in chunk)
            {
                text.Append(CultureInfo.InvariantCulture, $"Según el comunicado {page} de la autoridad {site} ({farm.Url(site, page)}), la situación persiste.\n");
            }

            var urls = CitationExtractor.Extract(text.ToString());
            await documents.CreateAsync(new NewDocument($"Informe {number + 1}", null, null, urls), CancellationToken.None);
        }

        await using var connection = await provider.GetRequiredService<IDbConnectionFactory>().OpenAsync(CancellationToken.None);
        var watched = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM citations");
        if (watched != settings.Citations)
        {
            throw new InvalidOperationException($"{watched} citations registered, {settings.Citations} expected");
        }
    }

    /// <summary>The pages cited, in the order they are registered; the peers mode gives the other tools the same list.</summary>
    internal static (int Site, int Page)[] Cited(SweepSettings settings)
    {
        var cited = Enumerable.Range(0, settings.Citations).Select(i => (Site: i % settings.Hosts, Page: i / settings.Hosts)).ToArray();
        if (!settings.ByHost)
        {
            new Random(20_211_015).Shuffle(cited);
        }
        else
        {
            cited = [.. cited.OrderBy(c => c.Site).ThenBy(c => c.Page)];
        }

        return cited;
    }

    private static async Task MakeAllDueAsync(string database)
    {
        await using var connection = await OpenAsync(database);
        // Due long ago, in id order, as the scheduler's claim orders equal times.
        await connection.ExecuteAsync("UPDATE citations SET next_check_at = '2000-01-01T00:00:00.0000000Z'");
    }

    /// <summary>
    /// One sweep, by a new monitor process or by <paramref name="running"/>. The process is stopped after it, unless the
    /// warm sweep comes next: then it is asked for its figures so far and given back, still running.
    /// </summary>
    private async Task<(SweepResult Result, Process? Running)> SweepAsync(string database, int maxConcurrency, int sweep, Process? running)
    {
        var before = await StateAsync(database);
        var lastCheckId = await ScalarAsync(database, "SELECT COALESCE(MAX(id), 0) FROM checks");
        if (sweep > 1)
        {
            if (settings.Keep || settings.WorkFolder is not null)
            {
                // The database as the sweep found it, for profile/storage.py to tell what each of its checks cost.
                File.Copy(database, Path.ChangeExtension(database, $".before-s{sweep}.db"), overwrite: true);
            }

            // After the figures above: a running process starts on them at once.
            await MakeAllDueAsync(database);
        }

        var statsPath = Path.Combine(folder, $"monitor-c{maxConcurrency}-s{sweep}.json");
        var finalPath = Path.Combine(folder, $"monitor-c{maxConcurrency}-s{sweep}.exit.json");
        File.Delete(statsPath);
        File.Delete(finalPath);

        farm.ResetRecording();
        var loadAtStart = LoadAverage();
        var sitesCpuBefore = farm.ServerCpu();
        var started = Stopwatch.GetTimestamp();
        log.WriteLine($"  c={maxConcurrency} sweep {sweep}: started, load average {loadAtStart}");

        var monitor = running ?? StartMonitor(database, maxConcurrency, finalPath, Path.Combine(folder, $"monitor-c{maxConcurrency}-s{sweep}.log"));
        var keepRunning = sweep + 1 == WarmSweep && sweep < LastSweep;
        MonitorMemory memory;
        await WaitForSweepAsync(database, sweep, monitor);
        if (keepRunning)
        {
            await monitor.StandardInput.WriteLineAsync($"stats {statsPath}");
            await monitor.StandardInput.FlushAsync();
            memory = await MonitorProcess.ReadFiguresAsync(statsPath, monitor);
        }
        else
        {
            await monitor.StandardInput.WriteLineAsync("stop");
            await monitor.StandardInput.FlushAsync();
            using var exit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await monitor.WaitForExitAsync(exit.Token);
            if (monitor.ExitCode != 0)
            {
                throw new InvalidOperationException($"the monitor process ended with exit code {monitor.ExitCode}");
            }

            memory = await MonitorProcess.ReadFiguresAsync(FinalStatsPath(monitor), monitor);
            monitor.Dispose();
            if (running is not null)
            {
                // The figures since the snapshot the sweep before took.
                memory = memory.Since(_snapshot!);
            }
        }

        var processWall = Stopwatch.GetElapsedTime(started);
        var sitesCpu = farm.ServerCpu() - sitesCpuBefore;
        var traffic = farm.Traffic();
        var loadAtEnd = LoadAverage();
        if (keepRunning)
        {
            _snapshot = memory;
        }


        await using var connection = await OpenAsync(database);
        var checks = (await connection.QueryAsync<(string Status, string StartedAt, long DurationMs, bool NotModified)>(
            "SELECT status, started_at, duration_ms, not_modified FROM checks WHERE id > @lastCheckId", new { lastCheckId })).AsList();
        var starts = checks.Select(c => DateTimeOffset.Parse(c.StartedAt, CultureInfo.InvariantCulture)).ToArray();
        var first = starts.Min();
        var last = checks.Select((c, i) => starts[i].AddMilliseconds(c.DurationMs)).Max();
        await connection.CloseAsync();

        var after = await StateAsync(database);
        var result = new SweepResult(
            maxConcurrency, sweep, checks.Count, last - first, processWall,
            checks.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count()),
            checks.Count(c => c.NotModified), Percentile(checks, 0.5), Percentile(checks, 0.95), memory, sitesCpu, before, after, traffic, loadAtStart, loadAtEnd);
        log.WriteLine(FormattableString.Invariant(
            $"  c={maxConcurrency} sweep {sweep}: {result.Checks} checks in {result.Wall.TotalSeconds:F1} s ({result.ChecksPerSecond:F1}/s), load average {loadAtEnd}"));
        return (result, keepRunning ? monitor : null);
    }

    /// <summary>The figures a running process wrote when the sweep before the warm one ended.</summary>
    private MonitorMemory? _snapshot;

    private readonly Dictionary<int, string> _finalStats = [];

    private string FinalStatsPath(Process monitor) => _finalStats[monitor.Id];

    private static TimeSpan Percentile(List<(string Status, string StartedAt, long DurationMs, bool NotModified)> checks, double share)
    {
        var sorted = checks.Select(c => c.DurationMs).Order().ToArray();
        return TimeSpan.FromMilliseconds(sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(share * sorted.Length))]);
    }

    private async Task WaitForSweepAsync(string database, int sweep, Process monitor)
    {
        var done = -1L;
        var progressAt = Stopwatch.GetTimestamp();
        var reportedAt = Stopwatch.GetTimestamp();
        while (true)
        {
            await Task.Delay(250);
            if (monitor.HasExited)
            {
                throw new InvalidOperationException($"the monitor process ended early with exit code {monitor.ExitCode}; see its log");
            }

            var now = await ScalarAsync(database, $"SELECT COUNT(*) FROM citations WHERE check_count >= {sweep}");
            if (now >= settings.Citations)
            {
                return;
            }

            if (now != done)
            {
                done = now;
                progressAt = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(progressAt) > Stall)
            {
                throw new TimeoutException($"no check recorded for {Stall.TotalMinutes} minutes ({done} of {settings.Citations} checked)");
            }

            if (Stopwatch.GetElapsedTime(reportedAt) > TimeSpan.FromSeconds(15))
            {
                reportedAt = Stopwatch.GetTimestamp();
                log.WriteLine($"    {done} of {settings.Citations} checked");
            }
        }
    }

    private Process StartMonitor(string database, int maxConcurrency, string statsPath, string logPath)
    {
        string[] arguments =
        [
            $"--Monitor:DatabasePath={database}",
            "--Monitor:SeedDefaultCitations=false",
            "--Monitor:Fetch:AllowPrivateNetworks=true",
            // The sweep measures checking, on loopback only: no web archive is asked.
            "--Monitor:Archive:Enabled=false",
            FormattableString.Invariant($"--Monitor:Fetch:PerHostDelay={settings.PerHostDelay:c}"),
            FormattableString.Invariant($"--Monitor:Worker:MaxConcurrency={maxConcurrency}"),
            FormattableString.Invariant($"--Monitor:Worker:MaxConcurrencyPerHost={settings.MaxConcurrencyPerHost}"),
            // Look for due citations every second rather than every 30: a sweep starts as soon as the process is up.
            "--Monitor:Worker:PollInterval=00:00:01",
            $"--{MonitorProcess.StatsPathKey}={statsPath}",
        ];
        var process = MonitorProcess.Start(folder, arguments, logPath);
        _finalStats[process.Id] = statsPath;
        return process;
    }

    private static async Task<DatabaseState> StateAsync(string database)
    {
        await using (var connection = await OpenAsync(database))
        {
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }

        var wal = new FileInfo(database + "-wal");
        await using var read = await OpenAsync(database);
        var state = await read.QuerySingleAsync<DatabaseState>(
            """
            SELECT 0 AS Bytes,
                   (SELECT COUNT(*) FROM checks) AS Checks,
                   (SELECT COUNT(*) FROM snapshots) AS Snapshots,
                   (SELECT COUNT(*) FROM bodies) AS Bodies,
                   (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM bodies) AS BodyBytes,
                   (SELECT COUNT(*) FROM texts) AS Texts,
                   (SELECT COALESCE(SUM(LENGTH(data)), 0) FROM texts) AS TextBytes,
                   (SELECT COUNT(*) FROM changes) AS Changes
            """);
        return state with { Bytes = new FileInfo(database).Length + (wal.Exists ? wal.Length : 0) };
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<SqliteConnection> OpenAsync(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>The 1, 5 and 15 minute load averages, as <c>uptime</c> prints them.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
