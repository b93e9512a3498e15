using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Documents;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>The one-shot check's answer on standard output: a table for a person, or JSON for a script.</summary>
internal static class CheckedDocumentOutput
{
    /// <summary>The widest the source column grows; a longer URL is written whole, on a line of its own.</summary>
    internal const int MaxSourceWidth = 72;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Written to a terminal or a file, never into a page: accents and quotes stay as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// <c>{ target, kind, checkedAt, readiness, exitCode, totals: { sources, ok, failed, inconclusive }, citations: [...],
    /// skipped: [{ text, reason }] }</c>, each citation a <see cref="SourceCheck"/>.
    /// </summary>
    public static void WriteJson(CheckedDocument document, TextWriter output)
    {
        var answer = new
        {
            document.Target,
            document.Kind,
            CheckedAt = document.CheckedAt.UtcDateTime,
            document.Readiness,
            document.ExitCode,
            Totals = new
            {
                Sources = document.Citations.Count,
                Ok = document.Count(Readiness.Ok),
                Failed = document.Count(Readiness.Failed),
                Inconclusive = document.Count(Readiness.Inconclusive),
            },
            document.Citations,
            document.Skipped,
        };
        output.WriteLine(JsonSerializer.Serialize(answer, Json));
    }

    /// <summary>One row per source (source, status, reason, verdict), then the totals and what was skipped.</summary>
    public static void WriteTable(CheckedDocument document, TextWriter output)
    {
        if (document.Citations.Count == 0)
        {
            output.WriteLine("The document cites no source.");
        }
        else
        {
            string[] header = ["SOURCE", "STATUS", "REASON", "VERDICT"];
            var rows = document.Citations.Select(c => new[] { c.Url, c.Status.ToWireName(), c.Reason ?? "-", c.Verdict }).ToList();
            var widths = Enumerable.Range(0, 3).Select(i => rows.Append(header).Max(r => r[i].Length)).ToArray();
            widths[0] = Math.Min(widths[0], MaxSourceWidth);
            foreach (var row in rows.Prepend(header))
            {
                // A URL too long for its column is written whole on a line of its own, its row on the next.
                var source = row[0];
                if (source.Length > widths[0])
                {
                    output.WriteLine(source);
                    source = "";
                }

                output.WriteLine($"{source.PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}".TrimEnd());
            }

            output.WriteLine();
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{Count(document.Citations.Count, "source")}: {document.Count(Readiness.Ok)} ok, {document.Count(Readiness.Failed)} failed, {document.Count(Readiness.Inconclusive)} inconclusive."));
        foreach (var skipped in document.Skipped)
        {
            output.WriteLine($"Skipped ({skipped.Reason}): {skipped.Text}");
        }
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");
}
