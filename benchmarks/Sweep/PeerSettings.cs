using System.Globalization;

namespace CitationMonitor.Sweep;

/// <summary>The command line of a peers run: the sweep's switches, with the defaults of the comparison, and wrk's duration.</summary>
internal sealed record PeerSettings(SweepSettings Sweep, TimeSpan WrkDuration)
{
    public const string Prerequisites =
        """
        Prerequisites (Debian; loopback only, nothing else is contacted):
          apt-get install nginx wrk urlwatch
          Node.js 20 or later with npm (linkinator 7 needs 20; Debian 12's own nodejs is 18)
          (cd benchmarks/Sweep/peers && npm ci)        # linkinator, pinned in package-lock.json
        """;

    public const string Usage =
        """
        Peers: the same loopback web (nginx over static files on 127.0.0.10, 127.0.0.11, ...) and the same URL list checked
        by the monitor (two sweeps, as the sweep runs them), by linkinator and by urlwatch (each a first run and a re-run),
        with wrk against the same server as the ceiling; one table of URLs/s, peak memory and the server's own CPU.

          peers [--citations N] [--hosts N] [--max-concurrency N] [--wrk-duration SECONDS] [sweep switches]
                (defaults 10000, 100, 64, 10; --per-host-delay is 0, --redirected-share 0.01, --web auto)

        """ + Prerequisites;

    public static PeerSettings Parse(IReadOnlyList<string> args)
    {
        var wrkDuration = TimeSpan.FromSeconds(10);
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--wrk-duration")
            {
                var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException("--wrk-duration needs a value");
                wrkDuration = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new ArgumentException("--wrk-duration must be a positive number of seconds");
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        // The link checkers keep no pause between requests to a host: the monitor runs without its own here.
        var defaults = new SweepSettings
        {
            MaxConcurrency = [64],
            PerHostDelay = TimeSpan.Zero,
            RedirectedShare = 0.01,
            Web = WebKind.Auto,
        };
        var sweep = SweepSettings.Parse(rest, defaults);
        if (sweep.MaxConcurrency.Count != 1)
        {
            throw new ArgumentException("peers compares one --max-concurrency, the same for every tool");
        }

        if (sweep.PerHostDelay != TimeSpan.Zero)
        {
            throw new ArgumentException("peers runs without a per-host delay: the tools it is compared with have none");
        }

        return new PeerSettings(sweep, wrkDuration);
    }

    public int Concurrency => Sweep.MaxConcurrency[0];
}
