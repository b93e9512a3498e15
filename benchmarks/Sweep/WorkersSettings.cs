using System.Globalization;

namespace CitationMonitor.Sweep;

/// <summary>
/// The command line of the workers mode: the sites and citations as the sweep has them (its switches), the worker
/// processes on PostgreSQL, and the SQLite baseline beside them.
/// </summary>
internal sealed record WorkersSettings
{
    /// <summary>The environment variable that gives the PostgreSQL connection string when <c>--connection</c> does not.</summary>
    public const string ConnectionVariable = "MONITOR_BENCH_POSTGRES";

    /// <summary>Citations, sites, the per-host limits and the pages' shares, read by the sweep's own switches.</summary>
    public SweepSettings Sweep { get; init; } = new() { PerHostDelay = TimeSpan.Zero };

    /// <summary>One configuration per value, each on a fresh schema: <c>--workers 1,2,4</c>.</summary>
    public IReadOnlyList<int> Workers { get; init; } = [1, 2, 4];

    /// <summary><c>Monitor:Worker:MaxConcurrency</c> of each worker process.</summary>
    public int MaxConcurrency { get; init; } = 8;

    public string? Connection { get; init; } = Environment.GetEnvironmentVariable(ConnectionVariable);

    /// <summary>Also run one worker on SQLite, first, as the baseline.</summary>
    public bool Sqlite { get; init; } = true;

    public static WorkersSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new WorkersSettings();
        var sweepArgs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            switch (name)
            {
                case "--workers":
                    settings = settings with { Workers = [.. Value().Split(',').Select(v => Positive(name, v))] };
                    break;
                case "--max-concurrency":
                    settings = settings with { MaxConcurrency = Positive(name, Value()) };
                    break;
                case "--connection":
                    settings = settings with { Connection = Value() };
                    break;
                case "--no-sqlite":
                    settings = settings with { Sqlite = false };
                    break;
                case "--provider":
                    // Accepted for the command the issue names; the workers always run on PostgreSQL, beside SQLite.
                    if (Value() != "postgres")
                    {
                        throw new ArgumentException("--provider: the workers mode runs on postgres (with one SQLite worker beside it unless --no-sqlite)");
                    }

                    break;
                default:
                    sweepArgs.Add(name);
                    if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        sweepArgs.Add(args[++i]);
                    }

                    break;
            }
        }

        settings = settings with { Sweep = SweepSettings.Parse(sweepArgs, settings.Sweep) };
        if (string.IsNullOrWhiteSpace(settings.Connection) && settings.Workers.Count > 0)
        {
            throw new ArgumentException($"a PostgreSQL connection string is needed: --connection \"Host=127.0.0.1;...\" or {ConnectionVariable}");
        }

        return settings;
    }

    public const string Usage =
        """
        workers: the sweep run by 1, 2, 4... worker processes on one PostgreSQL database, beside one worker on SQLite:
        every citation new (sweep 1), then every citation due again (sweep 2, the same processes). Reports checks per
        second, each worker's peak memory, the database's writes per check (pg_stat_database) and its size, and the
        sessions found waiting on the snapshot chain's lock.

          --workers A[,B...]            worker processes on PostgreSQL, one run per value on a fresh schema (default 1,2,4)
          --connection CS               the PostgreSQL database (default: $MONITOR_BENCH_POSTGRES); a schema is made and
                                        dropped in it per run
          --max-concurrency N           Monitor:Worker:MaxConcurrency of each worker (default 8)
          --no-sqlite                   leave out the SQLite baseline
          --provider postgres           (accepted; the workers run on PostgreSQL)
          and the sweep's --citations, --hosts, --max-concurrency-per-host, --per-host-delay (default 0 here),
          --missing-share, --changed-share, --redirected-share, --by-host, --work-folder, --keep
        """;

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer");
}
