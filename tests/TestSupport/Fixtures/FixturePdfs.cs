using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CitationMonitor.TestSupport.Fixtures;

/// <summary>
/// A two-page report built with PdfPig, in three builds: the original, a regeneration with the same words (other
/// producer, dates and byte layout), and one with a sentence changed.
/// </summary>
public static class FixturePdfs
{
    public const string Title = "Informe sobre detención preventiva 2023";

    public static readonly DateTimeOffset Created = new(2024, 1, 15, 10, 30, 0, TimeSpan.FromHours(-6));

    public static readonly DateTimeOffset Modified = new(2024, 1, 16, 8, 0, 0, TimeSpan.FromHours(-6));

    public const string ChangedSentenceBefore = "The committee visited 12 facilities in 2023.";

    public const string ChangedSentenceAfter = "The committee visited 15 facilities in 2023.";

    public static IReadOnlyList<IReadOnlyList<string>> Pages(string visitSentence = ChangedSentenceBefore) =>
    [
        ["Report on pre-trial detention", "Summary of findings", visitSentence, "Overcrowding exceeded 140 percent in three of them."],
        ["Recommendations", "Limit pre-trial detention to exceptional cases.", "Publish monthly occupancy data."],
    ];

    public static byte[] Original() => Build(Pages(), Created, Modified, "Report Writer 1.0", 0);

    /// <summary>Same words; new producer, new modification date, text drawn a few points lower.</summary>
    public static byte[] Regenerated() =>
        Build(Pages(), Created, Modified.AddDays(30), "Report Writer 2.3 (rebuild)", 7);

    public static byte[] SentenceChanged() => Build(Pages(ChangedSentenceAfter), Created, Modified, "Report Writer 1.0", 0);

    public static byte[] Build(IReadOnlyList<IReadOnlyList<string>> pages, DateTimeOffset created, DateTimeOffset modified, string producer, double shift)
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = Title;
        builder.DocumentInformation.Producer = producer;
        builder.DocumentInformation.CreationDate = PdfDate(created);
        builder.DocumentInformation.ModifiedDate = PdfDate(modified);
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(595, 842);
            var y = 780.0 - shift;
            foreach (var line in lines)
            {
                page.AddText(line, 12, new PdfPoint(50, y), font);
                y -= 20;
            }
        }

        return builder.Build();
    }

    /// <summary>The PDF date format: D:YYYYMMDDHHmmSS+HH'mm'.</summary>
    private static string PdfDate(DateTimeOffset date) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"D:{date:yyyyMMddHHmmss}{(date.Offset < TimeSpan.Zero ? '-' : '+')}{date.Offset.Duration():hh}'{date.Offset.Duration():mm}'");
}
