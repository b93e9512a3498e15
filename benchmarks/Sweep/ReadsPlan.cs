using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Sweep;

/// <summary>
/// The shape of the generated database, decided before a row is written, from the citation's number alone (so every run
/// writes the same rows): how many checks each citation has, which of them fail and how, and how many of its answers were
/// full captures (a snapshot) rather than 304s. Citations are checked once a day, each at its own time of day, over the
/// last <see cref="Days"/> days; the totals of checks and snapshots are exactly the ones asked for.
/// </summary>
internal sealed class ReadsPlan
{
    public const int Days = 90;

    private readonly Kind[] _kinds;
    private readonly byte[] _failureRun;

    private ReadsPlan(ReadsSettings settings)
    {
        Settings = settings;
        var n = settings.Citations;
        _kinds = new Kind[n + 1];
        _failureRun = new byte[n + 1];
        Checks = new int[n + 1];
        OkCaptures = new int[n + 1];
        for (var i = 1; i <= n; i++)
        {
            // The mix of a large watch list: a fiftieth never checked yet, a tenth broken, some failing for a day or two,
            // a few behind a login or a bot wall, the rest healthy.
            (_kinds[i], _failureRun[i]) = (Mix(i, 1) % 100) switch
            {
                < 2 => (Kind.New, (byte)0),
                < 12 => (Kind.Broken, (byte)(3 + (Mix(i, 2) % 4))),
                < 17 => (Kind.Failing, (byte)(1 + (Mix(i, 2) % 2))),
                < 20 => (Kind.Blocked, (byte)(1 + (Mix(i, 2) % 2))),
                _ => (Kind.Healthy, (byte)0),
            };
        }

        SpreadChecks();
        SpreadCaptures();
    }

    public ReadsSettings Settings { get; }

    /// <summary>Checks of each citation (index 1 to <see cref="ReadsSettings.Citations"/>).</summary>
    public int[] Checks { get; }

    /// <summary>Of each citation's ok checks, how many got a 200 and were captured (the others were 304s).</summary>
    public int[] OkCaptures { get; }

    public static ReadsPlan Make(ReadsSettings settings) => new(settings);

    /// <summary>The status of check <paramref name="k"/> (0 the oldest) of citation <paramref name="i"/>.</summary>
    public CheckStatus StatusOf(int i, int k)
    {
        var n = Checks[i];
        if (k >= n - _failureRun[i])
        {
            return _kinds[i] switch
            {
                Kind.Broken => Mix(i, 3) % 4 == 0 ? CheckStatus.DnsError : CheckStatus.NotFound,
                Kind.Blocked => CheckStatus.Blocked,
                _ => CheckStatus.Timeout,
            };
        }

        // Now and then a timeout, never the first check (the baseline) nor next to the run of failures at the end.
        return k > 0 && k < n - _failureRun[i] - 1 && Mix(i, 1000 + k) % 60 == 0 ? CheckStatus.Timeout : CheckStatus.Ok;
    }

    /// <summary>
    /// Which of citation <paramref name="i"/>'s ok checks (0 the first) is its capture number <paramref name="capture"/>:
    /// the first ok check is the baseline, the others are spread evenly over the rest with a phase of the citation's
    /// own, so that captures (and the changes they find) fall on every day alike.
    /// </summary>
    public int CaptureOrdinal(int i, int capture)
    {
        if (capture == 0)
        {
            return 0;
        }

        var phase = (Mix(i, 6) % 1000) / 1000.0;
        return 1 + (int)((capture - 1 + phase) * (OkChecks[i] - 1) / (OkCaptures[i] - 1));
    }

    /// <summary>Whether a check with this status brings a body back: a 200 (when captured), a 404 page, a 403 page.</summary>
    public static bool FailureWithBody(CheckStatus status) => status is CheckStatus.NotFound or CheckStatus.Blocked;

    /// <summary>Whether the content of citation <paramref name="i"/> changed at its capture number <paramref name="capture"/> (0 the baseline).</summary>
    public static bool ChangesAt(int i, int capture) => capture > 0 && Mix(i, 5000 + capture) % 5 == 0;

    /// <summary>The host of citation <paramref name="i"/>.</summary>
    public int HostOf(int i) => (int)(Mix(i, 7) % (ulong)Settings.Hosts);

    /// <summary>
    /// Checks per citation around the average the total asks for (from 0.3 to 1.7 times it), at least one more than the
    /// failures at its end, at most one a day; then nudged one by one until they add up to the total exactly.
    /// </summary>
    private void SpreadChecks()
    {
        var n = Settings.Citations;
        var checkedCitations = _kinds.Skip(1).Count(k => k != Kind.New);
        var average = (double)Settings.Checks / checkedCitations;
        long total = 0;
        for (var i = 1; i <= n; i++)
        {
            if (_kinds[i] == Kind.New)
            {
                continue;
            }

            var weight = 0.3 + (1.4 * (Mix(i, 4) % 1000) / 1000.0);
            Checks[i] = Math.Clamp((int)Math.Round(weight * average), MinChecks(i), Days);
            total += Checks[i];
        }

        for (var i = 1; total != Settings.Checks; i = (i % n) + 1)
        {
            if (_kinds[i] == Kind.New)
            {
                continue;
            }

            if (total < Settings.Checks && Checks[i] < Days)
            {
                Checks[i]++;
                total++;
            }
            else if (total > Settings.Checks && Checks[i] > MinChecks(i))
            {
                Checks[i]--;
                total--;
            }
        }
    }

    /// <summary>
    /// Every 404 and 403 page is captured; the snapshots left are shared among the citations' ok checks in proportion to
    /// them, at least the first (the baseline) of each, then nudged until the total is exact.
    /// </summary>
    private void SpreadCaptures()
    {
        var n = Settings.Citations;
        var okChecks = new int[n + 1];
        long failureCaptures = 0;
        long allOk = 0;
        for (var i = 1; i <= n; i++)
        {
            for (var k = 0; k < Checks[i]; k++)
            {
                var status = StatusOf(i, k);
                if (status == CheckStatus.Ok)
                {
                    okChecks[i]++;
                }
                else if (FailureWithBody(status))
                {
                    failureCaptures++;
                }
            }

            allOk += okChecks[i];
        }

        var okTarget = Settings.Snapshots - failureCaptures;
        var withOk = okChecks.Count(c => c > 0);
        if (okTarget < withOk || okTarget > allOk)
        {
            throw new ArgumentException($"--snapshots must be between {failureCaptures + withOk:N0} and {failureCaptures + allOk:N0} for these checks");
        }

        long total = 0;
        for (var i = 1; i <= n; i++)
        {
            if (okChecks[i] > 0)
            {
                OkCaptures[i] = Math.Clamp((int)Math.Round((double)okChecks[i] * okTarget / allOk), 1, okChecks[i]);
                total += OkCaptures[i];
            }
        }

        for (var i = 1; total != okTarget; i = (i % n) + 1)
        {
            if (total < okTarget && OkCaptures[i] < okChecks[i])
            {
                OkCaptures[i]++;
                total++;
            }
            else if (total > okTarget && OkCaptures[i] > 1)
            {
                OkCaptures[i]--;
                total--;
            }
        }

        OkChecks = okChecks;
    }

    /// <summary>Of each citation's checks, how many were ok.</summary>
    public int[] OkChecks { get; private set; } = [];

    private int MinChecks(int i) => _kinds[i] == Kind.Broken ? _failureRun[i] + 2 : _failureRun[i] + 1;

    /// <summary>A well-spread hash of a citation's number and a salt (SplitMix64's finalizer).</summary>
    public static ulong Mix(int i, int salt)
    {
        var z = ((ulong)(uint)i << 32 | (uint)salt) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private enum Kind : byte
    {
        New,
        Healthy,
        Failing,
        Broken,
        Blocked,
    }
}
