using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace CitationMonitor.Domain.Text;

/// <summary>
/// Page text in content order (PdfPig's <see cref="ContentOrderTextExtractor"/>), which keeps the lines a reader sees.
/// A page that fails to parse is skipped; a document that fails to open yields empty text. The metadata title and
/// creation/modification dates are reported beside the text, never in it, so a regenerated file with the same
/// words extracts to the same text.
/// </summary>
internal static class PdfTextExtractor
{
    // Reports and treaties run to a few hundred pages; past this, a daily check should not spend minutes on one body.
    private const int MaxPages = 2000;

    private static readonly ContentOrderTextExtractor.Options ExtractorOptions = new()
    {
        ReplaceWhitespaceWithSpace = true,
    };

    public static ExtractedContent Extract(ReadOnlySpan<byte> body, int maxChars)
    {
        try
        {
            using var document = PdfDocument.Open(body.ToArray(), new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });

            var lines = new List<string>();
            var total = 0;
            var pages = Math.Min(document.NumberOfPages, MaxPages);
            for (var number = 1; number <= pages && total < maxChars; number++)
            {
                var pageText = PageText(document, number);
                lines.AddRange(pageText.ReplaceLineEndings("\n").Split('\n'));
                total += pageText.Length;
            }

            return new ExtractedContent(ContentKinds.Pdf, Title(document), TextNormalizer.JoinLines(lines, maxChars))
            {
                Published = Date(document.Information.GetCreatedDateTimeOffset),
                Modified = Date(document.Information.GetModifiedDateTimeOffset),
            };
        }
        catch (Exception)
        {
            // Corrupt, truncated, encrypted or not a PDF at all: the check still records what it could.
            return new ExtractedContent(ContentKinds.Pdf, null, "");
        }
    }

    private static string PageText(PdfDocument document, int number)
    {
        try
        {
            return ContentOrderTextExtractor.GetText(document.GetPage(number), ExtractorOptions);
        }
        catch (Exception)
        {
            return "";
        }
    }

    private static DateTimeOffset? Date(Func<DateTimeOffset?> read)
    {
        try
        {
            return read();
        }
        catch (Exception)
        {
            // Producers write all sorts of date strings; a bad one must not cost the text.
            return null;
        }
    }

    private static string? Title(PdfDocument document)
    {
        try
        {
            var title = document.Information.Title;
            if (title is null)
            {
                return null;
            }

            title = TextNormalizer.ToNfc(TextNormalizer.CollapseWhitespace(title));
            return title.Length == 0 ? null : title;
        }
        catch (Exception)
        {
            return null;
        }
    }
}
