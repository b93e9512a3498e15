using System.IO.Compression;
using System.Xml;
using CitationMonitor.Domain.Text;
using DocumentFormat.OpenXml.Packaging;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// Reads a Word file (Office Open XML): the URLs of its text, footnotes and endnotes included, and every hyperlink
/// (a relationship's target or a <c>HYPERLINK</c> field), whose context is its text or that text's sentence when it is
/// short (<see cref="LinkContexts"/>). A URL in a footnote or endnote keeps the note's number as Word shows it. A
/// hyperlink over the very URL its text shows is one citation (the hyperlink is listed as skipped, a
/// <see cref="SkipReasons.Duplicate"/>); links to e-mail addresses, other schemes, relative or malformed targets are
/// listed as skipped too. The title is the file's own (its core properties).
/// </summary>
public static class DocxDocumentReader
{
    private const string Damaged = "The Word file cannot be read: it is damaged or incomplete.";

    /// <summary>A part longer than this (in characters) is not a statement's text but an attempt to exhaust memory.</summary>
    private const long MaxCharactersInPart = 64L * 1024 * 1024;

    private static readonly OpenSettings Settings = new() { MaxCharactersInPart = MaxCharactersInPart };

    /// <summary>Reads the citations of the Word file <paramref name="bytes"/>.</summary>
    /// <exception cref="UnreadableDocumentException">The bytes are empty, cut short or damaged.</exception>
    public static ReadDocument Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            throw new UnreadableDocumentException("The file is empty.");
        }

        var (text, title) = Open(bytes);
        var read = LinkedCitations.Read(text.Text, text.Links, text.FootnoteAt);
        return new ReadDocument(
            DocumentKind.Docx,
            [.. read.Citations.OrderBy(c => c.Offset).Select(c => c.Item)],
            [.. read.Skipped.OrderBy(s => s.Offset).Select(s => s.Item)],
            title)
        {
            Text = text.Text,
        };
    }

    private static (DocxText Text, string? Title) Open(byte[] bytes)
    {
        try
        {
            using var document = WordprocessingDocument.Open(new MemoryStream(bytes, writable: false), false, Settings);
            var main = document.MainDocumentPart ?? throw new InvalidDataException("A Word file without its document.");
            var text = DocxText.Read(main, (part, id) => RelationshipTarget(bytes, part, id));
            var title = TextNormalizer.CollapseWhitespace(document.PackageProperties.Title ?? "");
            return (text, title.Length == 0 ? null : TextNormalizer.ToNfc(title));
        }
        catch (Exception e)
        {
            // Whatever the library says of a broken file is in its own terms; the person who sent it needs ours.
            throw new UnreadableDocumentException(Damaged, e);
        }
    }

    /// <summary>
    /// The target a relationship of <paramref name="part"/> has in the file, read from the package itself: the library
    /// replaces a target it cannot read as a URI, and the skipped list names what the file says.
    /// </summary>
    private static string? RelationshipTarget(byte[] bytes, OpenXmlPart part, string id)
    {
        var path = part.Uri.OriginalString.TrimStart('/');
        var slash = path.LastIndexOf('/');
        var relationships = $"{path[..(slash + 1)]}_rels/{path[(slash + 1)..]}.rels";
        using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        if (zip.GetEntry(relationships) is not { } entry)
        {
            return null;
        }

        using var reader = XmlReader.Create(entry.Open(), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        while (reader.Read())
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "Relationship" } && reader.GetAttribute("Id") == id)
            {
                return reader.GetAttribute("Target");
            }
        }

        return null;
    }
}
