using System.IO.Compression;
using System.Security;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace CitationMonitor.Domain.Tests.Documents;

/// <summary>
/// Builds Word files with the Open XML SDK: paragraphs of text, hyperlinks (relationships with any target, written into
/// the package as given, malformed ones too), HYPERLINK fields, footnotes and endnotes, and a title.
/// </summary>
internal sealed class TestDocx
{
    private readonly List<object[]> _paragraphs = [];
    private readonly List<string> _targets = [];

    public string? Title { get; init; }

    /// <summary>A paragraph of pieces: strings, <see cref="Link"/>s, <see cref="FieldLink"/>s, <see cref="Deleted"/> text, <see cref="Note"/>s.</summary>
    public TestDocx Paragraph(params object[] pieces)
    {
        _paragraphs.Add(pieces);
        return this;
    }

    public sealed record Link(string Text, string Target);

    /// <summary>A link written as a HYPERLINK field (begin, instruction, separate, result, end), as older files have them.</summary>
    public sealed record FieldLink(string Text, string Target);

    /// <summary>Text deleted by a tracked change: still in the file, no longer in the document.</summary>
    public sealed record Deleted(string Text);

    /// <summary>A footnote (or endnote) reference, and the note's pieces.</summary>
    public sealed record Note(bool Endnote, params object[] Pieces);

    public byte[] Build()
    {
        var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var footnotes = main.AddNewPart<FootnotesPart>();
            footnotes.Footnotes = new Footnotes(Separator<Footnote>(-1, FootnoteEndnoteValues.Separator), Separator<Footnote>(0, FootnoteEndnoteValues.ContinuationSeparator));
            var endnotes = main.AddNewPart<EndnotesPart>();
            endnotes.Endnotes = new Endnotes(Separator<Endnote>(-1, FootnoteEndnoteValues.Separator), Separator<Endnote>(0, FootnoteEndnoteValues.ContinuationSeparator));
            var body = new Body();
            var noteId = 1;
            foreach (var pieces in _paragraphs)
            {
                var paragraph = new Paragraph();
                foreach (var piece in pieces)
                {
                    if (piece is Note note)
                    {
                        var id = noteId++;
                        var content = new Paragraph(new Run(note.Endnote ? new EndnoteReferenceMark() : new FootnoteReferenceMark()), TextRun(" "));
                        var part = note.Endnote ? (OpenXmlPart)endnotes : footnotes;
                        content.Append(note.Pieces.SelectMany(p => Pieces(p, part)));
                        if (note.Endnote)
                        {
                            endnotes.Endnotes.Append(new Endnote(content) { Id = id });
                            paragraph.Append(new Run(new EndnoteReference { Id = id }));
                        }
                        else
                        {
                            footnotes.Footnotes.Append(new Footnote(content) { Id = id });
                            paragraph.Append(new Run(new FootnoteReference { Id = id }));
                        }
                    }
                    else
                    {
                        paragraph.Append(Pieces(piece, main));
                    }
                }

                body.Append(paragraph);
            }

            main.Document = new Document(body);
            if (Title is not null)
            {
                document.PackageProperties.Title = Title;
            }
        }

        return WithTargets(stream.ToArray());
    }

    private static T Separator<T>(int id, FootnoteEndnoteValues type)
        where T : FootnoteEndnoteType, new()
    {
        var note = new T { Id = id, Type = type };
        note.Append(new Paragraph(new Run(new SeparatorMark())));
        return note;
    }

    private IEnumerable<OpenXmlElement> Pieces(object piece, OpenXmlPart part)
    {
        switch (piece)
        {
            case string text:
                yield return TextRun(text);
                break;
            case Link link:
                yield return new Hyperlink(TextRun(link.Text)) { Id = part.AddHyperlinkRelationship(Placeholder(link.Target), true).Id };
                break;
            case FieldLink link:
                yield return new Run(new FieldChar { FieldCharType = FieldCharValues.Begin });
                yield return new Run(new FieldCode($" HYPERLINK \"{link.Target}\" ") { Space = SpaceProcessingModeValues.Preserve });
                yield return new Run(new FieldChar { FieldCharType = FieldCharValues.Separate });
                yield return TextRun(link.Text);
                yield return new Run(new FieldChar { FieldCharType = FieldCharValues.End });
                break;
            case Deleted deleted:
                yield return new DeletedRun(new Run(new DeletedText(deleted.Text) { Space = SpaceProcessingModeValues.Preserve })) { Id = "1", Author = "Revisión" };
                break;
            default:
                throw new ArgumentException($"Not a piece: {piece}", nameof(piece));
        }
    }

    private static Run TextRun(string text) => new(new WordText(text) { Space = SpaceProcessingModeValues.Preserve });

    /// <summary>A valid URI standing for a target, replaced in the package by the target itself once written.</summary>
    private Uri Placeholder(string target)
    {
        _targets.Add(target);
        return new Uri($"http://target.invalid/{_targets.Count}", UriKind.Absolute);
    }

    private byte[] WithTargets(byte[] package)
    {
        var stream = new MemoryStream();
        stream.Write(package);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".rels", StringComparison.Ordinal)).ToList())
            {
                string xml;
                using (var reader = new StreamReader(entry.Open()))
                {
                    xml = reader.ReadToEnd();
                }

                for (var i = _targets.Count; i >= 1; i--)
                {
                    xml = xml.Replace($"\"http://target.invalid/{i}\"", $"\"{SecurityElement.Escape(_targets[i - 1])}\"", StringComparison.Ordinal);
                }

                var name = entry.FullName;
                entry.Delete();
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml);
            }
        }

        return stream.ToArray();
    }
}
