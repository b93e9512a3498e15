using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// Reads a document from its bytes: tells its kind from the bytes themselves, then reads it with the reader of that
/// kind. Null for bytes of a kind the monitor does not read (an image, an archive that is not a Word file).
/// </summary>
public static class DocumentReaders
{
    /// <summary>Reads <paramref name="bytes"/>; relative links resolve against <paramref name="baseUrl"/> when given.</summary>
    /// <exception cref="UnreadableDocumentException">Bytes of a known kind that are empty, truncated or corrupt.</exception>
    public static ReadDocument? Read(byte[] bytes, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new UnreadableDocumentException("The file is empty.");
        }

        return DocumentKinds.Detect(bytes) switch
        {
            DocumentKind.Pdf => PdfDocumentReader.Read(bytes),
            DocumentKind.Docx => DocxDocumentReader.Read(bytes),
            DocumentKind.Html => HtmlDocumentReader.Read(bytes, baseUrl),
            DocumentKind.Bibtex => BibTexReader.Read(bytes),
            DocumentKind.CslJson => CslJsonReader.Read(bytes),
            DocumentKind.Text => ReadText(bytes),

            _ => null,
        };
    }

    /// <summary>
    /// Plain text or Markdown: every URL in it, as <see cref="CitationExtractor"/> finds them, and the e-mail
    /// addresses, other schemes and malformed URLs it skips. The encoding is UTF-8 (or UTF-16 with its byte order
    /// mark), else windows-1252.
    /// </summary>
    public static ReadDocument ReadText(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = TextDecoder.Decode(bytes, null, isHtml: false);
        var found = CitationExtractor.ExtractWithSkipped(text);
        return new ReadDocument(DocumentKind.Text, found.Citations, found.Skipped, null) { Text = text };
    }
}
