using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CitationMonitor.Benchmarks.Inputs;

/// <summary>
/// A deterministic 50-page report built with PdfPig's <see cref="PdfDocumentBuilder"/> in Helvetica: a running
/// header, about 40 lines of body text and a page number on every page. The edited version changes one sentence.
/// </summary>
public static class ReportPdf
{
    public const string ContentType = "application/pdf";
    public const int Pages = 50;
    public const int LinesPerPage = 40;

    private const int Seed = 20_210_122;
    private const int LineChars = 95;

    private const string OriginalSentence = "The Commission recommended that collective deportations be suspended immediately.";
    private const string EditedSentence = "The Commission recommended that collective deportations be reviewed immediately.";

    private static readonly string[] Words =
    [
        "the", "of", "and", "to", "in", "a", "for", "on", "with", "by", "as", "that", "from", "at", "its", "their",
        "was", "were", "is", "are", "has", "have", "been", "be", "not", "which", "under", "during", "between",
        "Commission", "State", "authorities", "federal", "migrants", "asylum", "seekers", "refugees", "border",
        "southern", "northern", "caravan", "protection", "international", "children", "families", "women",
        "shelters", "detention", "centres", "procedure", "administrative", "decision", "application", "deadline",
        "report", "annual", "recommendation", "observations", "precautionary", "measures", "visit", "access",
        "justice", "due", "process", "guarantees", "judicial", "liberty", "personal", "integrity", "health",
        "public", "emergency", "pandemic", "operation", "coordination", "National", "Guard", "deployment",
        "Guatemala", "Honduras", "Mexico", "regional", "cooperation", "programme", "employment", "temporary",
        "humanitarian", "visas", "regularization", "documentation", "identity", "registration", "statistics",
        "figures", "monthly", "increase", "decrease", "compared", "previous", "year", "period", "quarter",
        "Convention", "American", "article", "paragraph", "Law", "Regulation", "principle", "non-refoulement",
        "best", "interests", "child", "family", "unity", "obligation", "guarantee", "respect", "promote",
        "protect", "investigate", "punish", "redress", "violations", "complaints", "received", "processed",
        "closed", "pending", "analysis", "information", "provided", "agencies", "organizations", "civil",
        "society", "testimonies", "collected", "interviews", "conducted", "staff", "office", "conditions",
        "overcrowding", "food", "drinking", "water", "medical", "services", "interpreters", "legal", "advice",
        "consular", "assistance", "return", "deportation", "expulsion", "transfer", "buses", "highway", "bridge",
    ];

    /// <summary>The report as PDF bytes; <paramref name="edited"/> selects the version with the changed sentence.</summary>
    public static byte[] Build(bool edited)
    {
        // Same seed for both versions: the edited line consumes no random numbers, so every other line is equal.
        var random = new Random(Seed);
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = "Report on the situation of persons in the context of human mobility";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);

        for (var number = 1; number <= Pages; number++)
        {
            var page = builder.AddPage(595, 842);
            page.AddText("Inter-American Commission on Human Rights - Annual Report 2020", 8, new PdfPoint(50, 810), bold);

            var y = 780.0;
            for (var line = 0; line < LinesPerPage; line++)
            {
                var text = number == Pages / 2 && line == LinesPerPage / 2
                    ? edited ? EditedSentence : OriginalSentence
                    : Line(random);
                page.AddText(text, 10, new PdfPoint(50, y), font);
                y -= 17.5;
            }

            page.AddText(string.Create(CultureInfo.InvariantCulture, $"Page {number} of {Pages}"), 8, new PdfPoint(280, 40), font);
        }

        return builder.Build();
    }

    private static string Line(Random random)
    {
        var line = new StringBuilder();
        while (line.Length < LineChars)
        {
            if (line.Length > 0)
            {
                line.Append(random.Next(12) == 0 ? ". " : " ");
            }

            line.Append(Words[random.Next(Words.Length)]);
        }

        return line.ToString();
    }
}
