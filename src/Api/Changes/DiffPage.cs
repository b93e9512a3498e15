using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace CitationMonitor.Api.Changes;

/// <summary>
/// One of the two snapshots a change compares, as the diff page shows it: <paramref name="Text"/> is the text as it was
/// compared, without the <paramref name="LeftOutLines"/> lines that the ignore patterns and learned volatile lines drop.
/// </summary>
internal sealed record DiffPageSide(
    long SnapshotId, DateTimeOffset? CapturedAt, string? Kind, string? Title, string? FinalUrl, string Text, int LeftOutLines = 0);

/// <summary>For a change of kind quote: the passage cited, and the closest text the source held (null: nothing close).</summary>
internal sealed record DiffPagePassage(string Cited, string? Found);

internal sealed record DiffPageModel(ChangeResponse Change, DiffPageSide Old, DiffPageSide New, DiffPagePassage? Passage = null);

/// <summary>
/// A change as one self-contained HTML page a person can read without tools: what changed and where the evidence is,
/// then the two texts side by side, line by line, with deleted words struck out on the left and inserted words marked
/// on the right. No scripts and nothing loaded from anywhere; every piece of text from a page is encoded, since the
/// texts are whatever the watched sites served.
/// </summary>
internal static class DiffPage
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";

    /// <summary>Unchanged lines kept on each side of a change; longer unchanged runs are collapsed.</summary>
    internal const int ContextLines = 3;

    // Encodes markup characters and quotes but leaves letters of every script readable in the source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    // Lines, then words split at spaces only (punctuation stays with its word, as in the stored diff).
    private static readonly DelimiterChunker WordChunker = new([' ']);

    private const string Style =
        """
        body { font: 15px/1.5 system-ui, sans-serif; margin: 1.5em; color: #1b1b1b; }
        h1 { font-size: 1.3em; margin: 0 0 .5em; }
        dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: .2em 1em; margin: 0 0 1em; }
        dl.summary dt { font-weight: 600; }
        dl.summary dd { margin: 0; }
        table { border-collapse: collapse; width: 100%; }
        table.versions { margin-bottom: 1.5em; }
        table.versions th, table.versions td { border: 1px solid #ccc; padding: .3em .5em; text-align: left; vertical-align: top; }
        table.diff { table-layout: fixed; font-family: ui-monospace, monospace; font-size: 13px; }
        table.diff th { background: #eee; padding: .4em; text-align: left; }
        table.diff td { padding: .15em .5em; vertical-align: top; white-space: pre-wrap; overflow-wrap: anywhere; border-bottom: 1px solid #f0f0f0; }
        table.diff col.num { width: 3.5em; }
        td.num { color: #888; text-align: right; user-select: none; }
        td.empty { background: #f6f6f6; }
        tr.skip td { background: #eef3fb; color: #555; text-align: center; font-style: italic; }
        td.deleted { background: #fff0f0; }
        td.inserted { background: #effbef; }
        del { background: #ffc4c4; color: #7a0000; text-decoration: line-through; }
        ins { background: #bff0c0; color: #004d00; text-decoration: none; }
        .same { color: #555; font-style: italic; }
        h2 { font-size: 1.1em; margin: 1.2em 0 .5em; }
        p.note { background: #fffbe6; border: 1px solid #eadb9a; padding: .4em .6em; }
        blockquote { margin: .5em 0; padding: .4em .8em; border-left: 4px solid #c55; background: #fafafa; }
        """;

    public static string Render(DiffPageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var change = model.Change;
        var html = new StringBuilder(model.Old.Text.Length + model.New.Text.Length + 8192);

        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Append("<title>").Append(Encode(string.Create(CultureInfo.InvariantCulture, $"Change {change.Id}: {change.Url}"))).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");

        AppendSummary(html, model);
        AppendVersions(html, model);
        html.Append("<main>\n");
        if (model.Passage is { } passage)
        {
            AppendPassage(html, passage);
        }

        AppendLeftOut(html, model);
        AppendTexts(
            html, model.Old.Text, model.New.Text,
            $"Before (snapshot {model.Old.SnapshotId.ToString(CultureInfo.InvariantCulture)})",
            $"After (snapshot {model.New.SnapshotId.ToString(CultureInfo.InvariantCulture)})",
            "The main text is the same in both versions.");
        html.Append("</main>\n");

        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendSummary(StringBuilder html, DiffPageModel model)
    {
        var change = model.Change;
        html.Append("<header>\n<h1>").Append(Encode(string.Create(CultureInfo.InvariantCulture, $"Change {change.Id}: {Describe(change.Kind)}"))).Append("</h1>\n")
            .Append("<dl class=\"summary\">\n<dt>Source</dt><dd>").Append(Link(change.Url)).Append("</dd>\n")
            .Append("<dt>Detected</dt><dd>").Append(Time(change.DetectedAt)).Append("</dd>\n")
            .Append("<dt>Kind</dt><dd class=\"kind\">").Append(Encode(change.Kind.ToWireName())).Append("</dd>\n")
            .Append("<dt>Similarity</dt><dd class=\"similarity\">")
            .Append(Encode(string.Create(CultureInfo.InvariantCulture, $"{change.Similarity:0.####} ({WordSimilarity.Percent(change.Similarity)}% of the words are the same)")))
            .Append("</dd>\n<dt>Words</dt><dd class=\"words\">")
            .Append(Encode(string.Create(CultureInfo.InvariantCulture, $"{change.InsertedWords} inserted, {change.DeletedWords} deleted")))
            .Append("</dd>\n</dl>\n</header>\n");
    }

    /// <summary>Both snapshots' evidence, with what differs between them marked.</summary>
    private static void AppendVersions(StringBuilder html, DiffPageModel model)
    {
        var (old, @new) = (model.Old, model.New);
        html.Append("<table class=\"versions\">\n<thead><tr><th></th><th>Before</th><th>After</th></tr></thead>\n<tbody>\n");
        html.Append("<tr><th>Snapshot</th><td>").Append(SnapshotLinks(old.SnapshotId)).Append("</td><td>")
            .Append(SnapshotLinks(@new.SnapshotId)).Append("</td></tr>\n");
        html.Append("<tr><th>Captured</th><td>").Append(old.CapturedAt is { } a ? Time(a) : "").Append("</td><td>")
            .Append(@new.CapturedAt is { } b ? Time(b) : "").Append("</td></tr>\n");
        AppendCompared(html, "Title", "title", old.Title, @new.Title);
        AppendCompared(html, "Final URL", "final-url", old.FinalUrl, @new.FinalUrl);
        AppendCompared(html, "Type", "type", old.Kind, @new.Kind);
        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendCompared(StringBuilder html, string label, string cssClass, string? before, string? after)
    {
        var differ = !string.Equals(before ?? "", after ?? "", StringComparison.Ordinal);
        html.Append("<tr class=\"").Append(cssClass).Append("\"><th>").Append(label).Append("</th><td>")
            .Append(Marked(before, differ ? "del" : null)).Append("</td><td>")
            .Append(Marked(after, differ ? "ins" : null)).Append("</td></tr>\n");
    }

    private static string Marked(string? value, string? element) =>
        string.IsNullOrEmpty(value) ? "<span class=\"same\">none</span>"
        : element is null ? Encode(value)
        : $"<{element}>{Encode(value)}</{element}>";

    /// <summary>The cited passage against what the source says now: the answer to "does it still say what we cited?".</summary>
    private static void AppendPassage(StringBuilder html, DiffPagePassage passage)
    {
        html.Append("<section class=\"passage\">\n<h2>The cited passage</h2>\n");
        if (passage.Found is null)
        {
            html.Append("<p>Nothing close to the passage is in the source any more.</p>\n<blockquote>")
                .Append(Encode(passage.Cited)).Append("</blockquote>\n</section>\n");
            return;
        }

        var sides = QuoteDiffs.SideBySide(passage.Cited, passage.Found);
        html.Append("<table class=\"diff passage\">\n<thead><tr><th>As cited</th><th>Closest text in the source now</th></tr></thead>\n")
            .Append("<tbody><tr><td class=\"old\">").Append(Segments(sides.Cited)).Append("</td><td class=\"new\">").Append(Segments(sides.Found))
            .Append("</td></tr></tbody>\n</table>\n</section>\n<h2>The page text</h2>\n");
    }

    /// <summary>One side of a passage as written, its deleted words in <c>del</c> and its inserted words in <c>ins</c>.</summary>
    private static string Segments(IReadOnlyList<DiffSegment> segments) =>
        string.Join(' ', segments.Select(segment => segment.Type switch
        {
            DiffType.Delete => $"<del>{Encode(segment.Text)}</del>",
            DiffType.Insert => $"<ins>{Encode(segment.Text)}</ins>",
            _ => Encode(segment.Text),
        }));

    private static void AppendLeftOut(StringBuilder html, DiffPageModel model)
    {
        if (model.Old.LeftOutLines + model.New.LeftOutLines == 0)
        {
            return;
        }

        html.Append("<p class=\"note\">")
            .Append(Encode(string.Create(
                CultureInfo.InvariantCulture,
                $"Shown as the monitor compares them: {model.Old.LeftOutLines} line(s) of the earlier text and {model.New.LeftOutLines} of the later one are left out or cut as page noise (configured ignore patterns and lines learned as volatile). The text links above show each version whole.")))
            .Append("</p>\n");
    }

    private static void AppendTexts(StringBuilder html, string oldText, string newText, string oldHeading, string newHeading, string sameMessage)
    {
        var diff = SideBySideDiffBuilder.Diff(
            Differ.Instance, oldText, newText, ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance, WordChunker);
        if (!diff.OldText.HasDifferences && !diff.NewText.HasDifferences)
        {
            html.Append("<p class=\"same\">").Append(Encode(sameMessage)).Append("</p>\n");
            return;
        }

        html.Append("<table class=\"diff\">\n<colgroup><col class=\"num\"><col><col class=\"num\"><col></colgroup>\n")
            .Append("<thead><tr><th colspan=\"2\">").Append(Encode(oldHeading))
            .Append("</th><th colspan=\"2\">").Append(Encode(newHeading))
            .Append("</th></tr></thead>\n<tbody>\n");

        var oldLines = diff.OldText.Lines;
        var newLines = diff.NewText.Lines;
        var rows = Math.Min(oldLines.Count, newLines.Count);
        var changedRows = Enumerable.Range(0, rows).Where(i => IsChanged(oldLines[i]) || IsChanged(newLines[i])).ToList();

        var row = 0;
        foreach (var changed in changedRows.Append(rows))
        {
            // Unchanged rows from `row` up to `changed`: keep context after the previous change and before the next one.
            var keepHead = row == 0 ? 0 : ContextLines;
            var keepTail = changed == rows ? 0 : ContextLines;
            var unchanged = changed - row;
            if (unchanged > keepHead + keepTail + 1)
            {
                AppendRows(html, oldLines, newLines, row, row + keepHead);
                html.Append("<tr class=\"skip\"><td colspan=\"4\">")
                    .Append(Encode(string.Create(CultureInfo.InvariantCulture, $"… {unchanged - keepHead - keepTail} unchanged lines …")))
                    .Append("</td></tr>\n");
                AppendRows(html, oldLines, newLines, changed - keepTail, changed);
            }
            else
            {
                AppendRows(html, oldLines, newLines, row, changed);
            }

            if (changed < rows)
            {
                AppendRows(html, oldLines, newLines, changed, changed + 1);
            }

            row = changed + 1;
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static bool IsChanged(DiffPiece line) => line.Type != ChangeType.Unchanged;

    private static void AppendRows(StringBuilder html, List<DiffPiece> oldLines, List<DiffPiece> newLines, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            html.Append("<tr>");
            AppendCell(html, oldLines[i], "old", "del", ChangeType.Deleted);
            AppendCell(html, newLines[i], "new", "ins", ChangeType.Inserted);
            html.Append("</tr>\n");
        }
    }

    /// <summary>One side of one line: its number and its text, with the words only on this side in <paramref name="mark"/>.</summary>
    private static void AppendCell(StringBuilder html, DiffPiece line, string side, string mark, ChangeType ownChange)
    {
        if (line.Type == ChangeType.Imaginary)
        {
            html.Append("<td class=\"num\"></td><td class=\"").Append(side).Append(" empty\"></td>");
            return;
        }

        html.Append("<td class=\"num\">").Append(line.Position?.ToString(CultureInfo.InvariantCulture)).Append("</td>");
        html.Append("<td class=\"").Append(side).Append(line.Type == ownChange ? $" {(ownChange == ChangeType.Deleted ? "deleted" : "inserted")}" : "").Append("\">");
        if (line.Type == ownChange)
        {
            html.Append('<').Append(mark).Append('>').Append(Encode(line.Text ?? "")).Append("</").Append(mark).Append('>');
        }
        else if (line.Type == ChangeType.Modified)
        {
            AppendWords(html, line.SubPieces, mark, ownChange);
        }
        else
        {
            html.Append(Encode(line.Text ?? ""));
        }

        html.Append("</td>");
    }

    /// <summary>The words of a modified line, consecutive marked words in one element.</summary>
    private static void AppendWords(StringBuilder html, List<DiffPiece> pieces, string mark, ChangeType ownChange)
    {
        var open = false;
        foreach (var piece in pieces)
        {
            if (piece.Type is ChangeType.Imaginary || (piece.Type != ownChange && piece.Type != ChangeType.Unchanged))
            {
                continue;
            }

            var marked = piece.Type == ownChange;
            if (marked != open)
            {
                html.Append(marked ? $"<{mark}>" : $"</{mark}>");
                open = marked;
            }

            html.Append(Encode(piece.Text ?? ""));
        }

        if (open)
        {
            html.Append("</").Append(mark).Append('>');
        }
    }

    private static string Describe(ChangeKind kind) => kind switch
    {
        ChangeKind.Title => "same text, the title changed",
        ChangeKind.Moved => "same text at a new address",
        ChangeKind.Type => "the kind of document changed",
        ChangeKind.Quote => "the cited passage changed",
        _ => "the text changed",
    };

    private static string SnapshotLinks(long id)
    {
        var number = id.ToString(CultureInfo.InvariantCulture);
        return $"{number}: <a href=\"/api/snapshots/{number}/raw\">archived bytes</a>, <a href=\"/api/snapshots/{number}/text\">text</a>";
    }

    /// <summary>A link only for http(s) addresses; anything else is shown as text, never as a <c>javascript:</c> link.</summary>
    private static string Link(string? url) =>
        url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? $"<a class=\"source\" href=\"{Encode(url)}\" rel=\"noreferrer noopener\">{Encode(url)}</a>"
            : Encode(url ?? "");

    private static string Time(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"<time datetime=\"{utc}\">{utc.Replace('T', ' ').TrimEnd('Z')} UTC</time>";
    }

    private static string Encode(string value) => Encoder.Encode(value);
}
