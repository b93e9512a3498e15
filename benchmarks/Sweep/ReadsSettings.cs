using System.Globalization;

namespace CitationMonitor.Sweep;

/// <summary>The command line of a reads run; every switch has a default, so <c>reads</c> alone runs the documented one.</summary>
internal sealed record ReadsSettings
{
    public int Citations { get; init; } = 100_000;

    public int Checks { get; init; } = 3_000_000;

    public int Snapshots { get; init; } = 300_000;

    /// <summary>Sources of the document whose report is read.</summary>
    public int ReportSources { get; init; } = 2_000;

    /// <summary>Distinct hosts the citations are spread over.</summary>
    public int Hosts { get; init; } = 1_000;

    /// <summary>wrk's measured run per endpoint (after a warm-up run of a third of it).</summary>
    public int DurationSeconds { get; init; } = 10;

    public int Connections { get; init; } = 32;

    public int Threads { get; init; } = 2;

    /// <summary>An existing database written by an earlier run (kept with <c>--keep</c>): nothing is generated.</summary>
    public string? Database { get; init; }

    /// <summary>Where the database and the API's log go; a fresh temporary folder when not given.</summary>
    public string? WorkFolder { get; init; }

    public bool Keep { get; init; }

    /// <summary>
    /// The API keeps no answer (<c>Monitor:ReadCache:MaxBytes=0</c>): every read is made afresh, as during a sweep, but
    /// requests for an answer being made still wait for it rather than make it again.
    /// </summary>
    public bool NoCache { get; init; }

    /// <summary>Only the endpoints whose path contains this (and the trivial one, the ratios' base).</summary>
    public string? Only { get; init; }

    /// <summary>Only generate the database (with <c>--keep</c>, to read it later with <c>--database</c>).</summary>
    public bool GenerateOnly { get; init; }

    public static ReadsSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new ReadsSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            settings = name switch
            {
                "--citations" => settings with { Citations = Positive(name, Value()) },
                "--checks" => settings with { Checks = Positive(name, Value()) },
                "--snapshots" => settings with { Snapshots = Positive(name, Value()) },
                "--report-sources" => settings with { ReportSources = Positive(name, Value()) },
                "--hosts" => settings with { Hosts = Positive(name, Value()) },
                "--duration" => settings with { DurationSeconds = Positive(name, Value()) },
                "--connections" => settings with { Connections = Positive(name, Value()) },
                "--threads" => settings with { Threads = Positive(name, Value()) },
                "--database" => settings with { Database = Value() },
                "--work-folder" => settings with { WorkFolder = Value() },
                "--keep" => settings with { Keep = true },
                "--only" => settings with { Only = Value() },
                "--no-cache" => settings with { NoCache = true },
                "--generate-only" => settings with { GenerateOnly = true, Keep = true },
                _ => throw new ArgumentException($"unknown switch {name}"),
            };
        }

        if (settings.ReportSources * 10 > settings.Citations)
        {
            throw new ArgumentException("--report-sources must be at most a tenth of --citations");
        }

        if (settings.Snapshots > settings.Checks / 2)
        {
            throw new ArgumentException("--snapshots must be at most half of --checks");
        }

        if (settings.Checks > settings.Citations * (ReadsPlan.Days / 2))
        {
            throw new ArgumentException($"--checks must be at most {ReadsPlan.Days / 2} per citation");
        }

        return settings;
    }

    public const string Usage =
        """
        Reads: writes a database of --citations citations, --checks checks and --snapshots snapshots straight into SQLite
        (migrated by the monitor's own migrator first), starts the built API on it (scheduler off, rate limits lifted),
        and measures with wrk a trivial endpoint and the reads a dashboard polls; prints requests/s, the ratio to the
        trivial endpoint, p50, p99 and the answer's size. Needs wrk (Debian package). Loopback only.

          reads [--citations N] [--checks N] [--snapshots N] [--report-sources N] [--hosts N]
                                        (defaults 100000, 3000000, 300000, 2000, 1000)
                [--duration SECONDS] [--connections N] [--threads N]
                                        wrk -d, -c, -t per endpoint (defaults 10, 32, 2)
                [--database FILE]       read a database kept by an earlier run instead of generating one
                [--only TEXT]           only the endpoints whose path contains TEXT, beside the trivial one
                [--no-cache]            the API keeps no answer (Monitor:ReadCache:MaxBytes=0): every read made afresh
                                        (requests arriving while an answer is made still share it)
                [--work-folder PATH] [--keep] [--generate-only]
        """;

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer");
}
