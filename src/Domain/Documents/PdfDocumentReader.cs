using CitationMonitor.Domain.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// Reads a PDF: the URLs of the text of every page (a URL cut across lines or across a page break joined) and every
/// URI link annotation, whose context is the text under it ("aquí", "comunicado") or that text's sentence when it is
/// short. A URL in a footnote keeps the footnote's number. A link over the very URL its text shows is one citation
/// (the link is listed as skipped, a <see cref="SkipReasons.Duplicate"/>); links to e-mail addresses, other schemes,
/// relative or malformed targets are listed as skipped too. The title is the file's own (its document information).
/// </summary>
public static class PdfDocumentReader
{
    private const string Damaged = "The PDF cannot be read: it is damaged or incomplete.";
    private const string Protected = "The PDF is protected by a password and cannot be read; upload a copy that opens without one.";

    /// <summary>PDF readers look for the end-of-file marker this close to the end; a file cut short has none there.</summary>
    private const int EndMarkerReach = 1024;

    private static readonly ParsingOptions Options = new() { UseLenientParsing = true, SkipMissingFonts = true };

    /// <summary>Reads the citations of the PDF <paramref name="bytes"/>.</summary>
    /// <exception cref="UnreadableDocumentException">The bytes are empty, cut short, damaged or password-protected.</exception>
    public static ReadDocument Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new UnreadableDocumentException("The file is empty.");
        }

        if (!bytes.AsSpan().StartsWith("%PDF-"u8) || bytes.AsSpan(Math.Max(0, bytes.Length - EndMarkerReach)).IndexOf("%%EOF"u8) < 0)
        {
            throw new UnreadableDocumentException(Damaged);
        }

        var (pages, title) = Open(bytes);
        var text = PdfText.Build(pages);
        var read = LinkedCitations.Read(text.Text, text.Links, text.FootnoteAt);
        return new ReadDocument(
            DocumentKind.Pdf,
            [.. read.Citations.OrderBy(c => Order(text, c.Offset)).Select(c => c.Item)],
            [.. read.Skipped.OrderBy(s => Order(text, s.Offset)).Select(s => s.Item)],
            title)
        {
            Text = text.Text,
        };
    }

    private static (List<PdfPageText> Pages, string? Title) Open(byte[] bytes)
    {
        try
        {
            using var document = PdfDocument.Open(bytes, Options);
            var pages = new List<PdfPageText>(document.NumberOfPages);
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                pages.Add(PdfPageText.Read(document.GetPage(number)));
            }

            return (pages, Title(document));
        }
        catch (PdfDocumentEncryptedException e)
        {
            throw new UnreadableDocumentException(Protected, e);
        }
        catch (Exception e)
        {
            // Whatever the library says of a broken file is in its own terms; the person who sent it needs ours.
            throw new UnreadableDocumentException(Damaged, e);
        }
    }

    private static string? Title(PdfDocument document)
    {
        var title = document.Information.Title;
        title = title is null ? "" : TextNormalizer.ToNfc(TextNormalizer.CollapseWhitespace(title));
        return title.Length == 0 ? null : title;
    }

    /// <summary>Reading order: page by page, a page's body before its footnotes (which the text holds after every body).</summary>
    private static (int Page, bool InNotes, int Offset) Order(PdfText text, int offset)
    {
        var (page, inNotes) = text.PlaceOf(offset);
        return (page, inNotes, offset);
    }
}
