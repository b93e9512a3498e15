using System.Globalization;

namespace CitationMonitor.Sweep;

/// <summary>The command line of a sweep run; every switch has a default, so <c>dotnet run</c> alone runs the full sweep.</summary>
internal sealed record SweepSettings
{
    public int Citations { get; init; } = 10_000;

    public int Hosts { get; init; } = 100;

    /// <summary>One run per value, each on a fresh database: <c>--max-concurrency 8,64</c>.</summary>
    public IReadOnlyList<int> MaxConcurrency { get; init; } = [8];

    public int MaxConcurrencyPerHost { get; init; } = 2;

    public TimeSpan PerHostDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Share of pages that answer 404 (removed).</summary>
    public double MissingShare { get; init; } = 0.01;

    /// <summary>Share of pages whose text changes between the two sweeps.</summary>
    public double ChangedShare { get; init; } = 0.01;

    /// <summary>Share of pages moved behind a 301 to another path of the same site.</summary>
    public double RedirectedShare { get; init; }

    /// <summary>
    /// What serves the pages. Kestrel by default here, since only it records each request, which the politeness
    /// columns need; nginx serves the same pages as static files at a small, separately measured cost.
    /// </summary>
    public WebKind Web { get; init; } = WebKind.Kestrel;

    /// <summary>Citations are registered in a shuffled host order (as many documents citing many sites would), or host by host.</summary>
    public bool ByHost { get; init; }

    /// <summary>Where the databases and the monitor's logs go; a fresh temporary folder when not given.</summary>
    public string? WorkFolder { get; init; }

    public bool Keep { get; init; }

    public static SweepSettings Parse(IReadOnlyList<string> args, SweepSettings? defaults = null)
    {
        var settings = defaults ?? new SweepSettings();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            settings = name switch
            {
                "--citations" => settings with { Citations = Positive(name, Value()) },
                "--hosts" => settings with { Hosts = Positive(name, Value()) },
                "--max-concurrency" => settings with { MaxConcurrency = [.. Value().Split(',').Select(v => Positive(name, v))] },
                "--max-concurrency-per-host" => settings with { MaxConcurrencyPerHost = Positive(name, Value()) },
                "--per-host-delay" => settings with { PerHostDelay = TimeSpan.Parse(Value(), CultureInfo.InvariantCulture) },
                "--missing-share" => settings with { MissingShare = Share(name, Value()) },
                "--changed-share" => settings with { ChangedShare = Share(name, Value()) },
                "--redirected-share" => settings with { RedirectedShare = Share(name, Value()) },
                "--web" => settings with { Web = FakeWeb.Parse(Value()) },
                "--by-host" => settings with { ByHost = true },
                "--work-folder" => settings with { WorkFolder = Value() },
                "--keep" => settings with { Keep = true },
                _ => throw new ArgumentException($"unknown switch {name}"),
            };
        }

        if (settings.Hosts > 200)
        {
            throw new ArgumentException("--hosts is at most 200 (127.0.0.10 to 127.0.0.209)");
        }

        if (settings.Citations < settings.Hosts)
        {
            throw new ArgumentException("--citations must be at least --hosts");
        }

        return settings;
    }

    public const string Usage =
        """
        Sweep: checks --citations pages spread over --hosts local sites (127.0.0.10, 127.0.0.11, ...) three times with the
        real scheduler (all new, again in a new process, again in that same process), and reports checks per second,
        peak memory, database growth per check and the requests each site saw.

          --citations N                 citations to watch (default 10000)
          --hosts N                     local sites, at most 200 (default 100)
          --max-concurrency A[,B...]    Monitor:Worker:MaxConcurrency, one run per value (default 8)
          --max-concurrency-per-host N  Monitor:Worker:MaxConcurrencyPerHost (default 2)
          --per-host-delay T            Monitor:Fetch:PerHostDelay (default 00:00:01)
          --missing-share X             share of pages answering 404 (default 0.01)
          --changed-share X             share of pages whose text changes before the second sweep (default 0.01)
          --redirected-share X          share of pages moved behind a 301 (default 0)
          --web kestrel|nginx|auto      what serves the pages: Kestrel in this process, recording every request (default),
                                        or nginx over the pages written as files (auto: nginx when installed)
          --by-host                     register the citations site by site instead of in a shuffled order
          --work-folder PATH            where databases and monitor logs go (default: a new temporary folder)
          --keep                        keep the work folder
        """;

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer");

    private static double Share(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x is >= 0 and <= 1
            ? x
            : throw new ArgumentException($"{name} must be between 0 and 1");
}
