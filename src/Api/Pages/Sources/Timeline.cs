using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Checks;

namespace CitationMonitor.Api.Pages.Sources;

/// <summary>One check on the strip: where its bar is drawn, in the strip's own units, and what it was.</summary>
/// <param name="X">Left edge of the bar.</param>
/// <param name="Y">Top of the bar: the higher, the longer the check took.</param>
/// <param name="Width">Width of the bar.</param>
/// <param name="Height">Height of the bar, down through the status lane under the baseline.</param>
/// <param name="Group">The colour class of its status (<see cref="Timeline.GroupOf"/>).</param>
/// <param name="At">When the check started.</param>
/// <param name="Status">What it found.</param>
/// <param name="HttpStatus">The HTTP status of the answer, when there was one.</param>
/// <param name="DurationMs">How long it took.</param>
public sealed record TimelineMark(
    string X, string Y, string Width, string Height, string Group, DateTimeOffset At, CheckStatus Status, int? HttpStatus, long DurationMs);

/// <summary>A date under the strip, at <see cref="X"/>.</summary>
public sealed record TimelineTick(string X, DateTimeOffset At);

/// <summary>A response time the strip marks with a line, at height <see cref="Y"/>.</summary>
public sealed record TimelineGridLine(string Y, string Label);

/// <summary>
/// Every check of a source over a period, drawn by the server as one strip: one bar per check at the time it started,
/// coloured by its status, as high as its response time on a logarithmic scale (1 ms to a minute), with a lane under
/// the baseline where even the quickest failure shows its colour. The counts per status say the same in words.
/// </summary>
public sealed record Timeline(
    int Days,
    DateTimeOffset Since,
    DateTimeOffset Until,
    IReadOnlyList<TimelineMark> Marks,
    IReadOnlyList<(CheckStatus Status, int Count)> Counts,
    long? MedianOkMs,
    IReadOnlyList<TimelineTick> Ticks,
    string? NotWatchedWidth)
{
    /// <summary>The periods a person can choose, in days; the default first.</summary>
    public static readonly IReadOnlyList<int> Periods = [90, 30, 365];

    public const int DefaultDays = 90;

    public const double Width = 1000;
    public const double Height = 150;
    public const double Left = 64;
    public const double Right = 992;
    public const double Top = 8;
    public const double Baseline = 118;
    public const double Lane = 8;
    public const double LabelY = 144;

    private const double SlowestMs = 60_000;
    private const double PlotHeight = Baseline - Top;

    /// <summary>Response times marked with a line across the strip.</summary>
    public static readonly IReadOnlyList<TimelineGridLine> GridLines =
        [new(Number(BarTop(10)), "10 ms"), new(Number(BarTop(100)), "100 ms"), new(Number(BarTop(1_000)), "1 s"), new(Number(BarTop(10_000)), "10 s")];

    private const string Ok = "ok";
    private const string Missing = "missing";
    private const string Refused = "refused";
    private const string Server = "server";
    private const string TimedOut = "timeout";
    private const string Network = "network";
    private const string Other = "other";

    /// <summary>The colour classes of the statuses, in the order the legend lists them: success, then each kind of failure.</summary>
    public static readonly string[] Groups = [Ok, Missing, Refused, Server, TimedOut, Network, Other];

    /// <summary>
    /// Which colour a status is drawn in: <c>ok</c>; <c>missing</c> (not found, gone, error page); <c>refused</c>
    /// (blocked, rate limited, other client errors, forbidden address); <c>server</c>; <c>timeout</c>; <c>network</c>
    /// (unknown host, connection, TLS); <c>other</c> (redirect loop, invalid URL).
    /// </summary>
    public static string GroupOf(CheckStatus status) => status switch
    {
        CheckStatus.Ok => Ok,
        CheckStatus.NotFound or CheckStatus.Gone or CheckStatus.Soft404 => Missing,
        CheckStatus.Blocked or CheckStatus.RateLimited or CheckStatus.ClientError or CheckStatus.ForbiddenTarget => Refused,
        CheckStatus.ServerError => Server,
        CheckStatus.Timeout => TimedOut,
        CheckStatus.DnsError or CheckStatus.ConnectionError or CheckStatus.TlsError => Network,
        _ => Other,
    };

    /// <summary>The period asked for in <c>?days=</c>, or null when it is not one of <see cref="Periods"/>.</summary>
    public static int? ParseDays(string? days) =>
        string.IsNullOrWhiteSpace(days) ? DefaultDays
        : int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && Periods.Contains(parsed) ? parsed
        : null;

    /// <summary>Lays out <paramref name="checks"/> (those started since <c>now − days</c>) on the strip.</summary>
    internal static Timeline Build(IReadOnlyList<CheckMark> checks, int days, DateTimeOffset now, DateTimeOffset watchedSince)
    {
        var since = now.AddDays(-days);
        var span = (now - since).Ticks;
        double XOf(DateTimeOffset at) => Left + ((Right - Left) * Math.Clamp((double)(at - since).Ticks / span, 0, 1));

        var width = Math.Clamp((Right - Left) / Math.Max(1, checks.Count) * 0.8, 1.5, 6);
        var marks = new List<TimelineMark>(checks.Count);
        // Failures drawn last, over the successes around them: among thousands of bars, a quick failure still shows.
        foreach (var check in checks.OrderBy(c => c.Status == CheckStatus.Ok ? 0 : 1))
        {
            var x = Math.Clamp(XOf(check.StartedAt) - (width / 2), Left, Right - width);
            var top = BarTop(check.DurationMs);
            marks.Add(new TimelineMark(
                Number(x), Number(top), Number(width), Number(Baseline + Lane - top), GroupOf(check.Status),
                check.StartedAt, check.Status, check.HttpStatus, check.DurationMs));
        }

        var counts = checks.GroupBy(c => c.Status).Select(g => (g.Key, g.Count()))
            .OrderBy(c => Array.IndexOf(Groups, GroupOf(c.Key))).ThenByDescending(c => c.Item2).ToList();
        var ok = checks.Where(c => c.Status == CheckStatus.Ok).Select(c => c.DurationMs).Order().ToList();
        var ticks = Enumerable.Range(0, 5).Select(i => since.AddTicks(span / 4 * i)).Select(at => new TimelineTick(Number(XOf(at)), at)).ToList();
        var notWatched = watchedSince > since ? Number(XOf(watchedSince) - Left) : null;
        return new Timeline(days, since, now, marks, counts, ok.Count == 0 ? null : ok[ok.Count / 2], ticks, notWatched);
    }

    /// <summary>
    /// The marks as SVG markup, each a bar with its title (when, status, how long): written here in one go rather than
    /// as ten thousand elements of a component, which is what keeps a source checked every few minutes quick to show.
    /// Only numbers and the page's own words go in, and the words are encoded all the same.
    /// </summary>
    public string MarksMarkup(Func<CheckStatus, string> label, CultureInfo culture)
    {
        var names = new Dictionary<(CheckStatus, int?), string>();
        var markup = new StringBuilder(Marks.Count * 150);
        foreach (var mark in Marks)
        {
            if (!names.TryGetValue((mark.Status, mark.HttpStatus), out var name))
            {
                name = names[(mark.Status, mark.HttpStatus)] = HtmlEncoder.Default.Encode(label(mark.Status))
                    + (mark.HttpStatus is { } code && code > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({code})") : "");
            }

            markup.Append("<rect class=\"mark st-").Append(mark.Group)
                .Append("\" x=\"").Append(mark.X).Append("\" y=\"").Append(mark.Y)
                .Append("\" width=\"").Append(mark.Width).Append("\" height=\"").Append(mark.Height).Append("\"><title>")
                .Append(HtmlEncoder.Default.Encode(mark.At.UtcDateTime.ToString("d MMM yyyy, HH:mm", culture))).Append(" UTC · ")
                .Append(name).Append(" · ")
                .Append(HtmlEncoder.Default.Encode(mark.DurationMs.ToString("N0", culture))).Append(" ms</title></rect>");
        }

        return markup.ToString();
    }

    /// <summary>The top of a bar for a check that took <paramref name="milliseconds"/>: a logarithmic scale from 1 ms to a minute.</summary>
    private static double BarTop(long milliseconds) =>
        Baseline - (PlotHeight * Math.Log10(Math.Clamp(milliseconds, 1, SlowestMs)) / Math.Log10(SlowestMs));

    internal static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
