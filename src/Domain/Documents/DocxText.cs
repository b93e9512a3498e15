using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordText = DocumentFormat.OpenXml.Wordprocessing.Text;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// A Word file's text as one string, each paragraph its own (blank lines between them): the body in order, each
/// footnote right after the paragraph that first refers to it, and the endnotes after the body; and its links, from
/// hyperlinks (a relationship's target, plus the bookmark it points to in that page) and HYPERLINK fields. Deleted
/// text of tracked changes and the fallback copies of text boxes are left out; so are note marks, which would glue
/// a number onto the word or URL before them.
/// </summary>
internal sealed partial class DocxText
{
    private readonly StringBuilder _text = new();
    private readonly List<TextLink> _links = [];
    private readonly List<(int Start, string? Note)> _notes = [(0, null)];
    private readonly Stack<Field> _fields = new();
    private readonly DocxNoteNumbers _footnotes;
    private readonly DocxNoteNumbers _endnotes;
    private readonly Func<OpenXmlPart, string, string?> _malformedTarget;
    private readonly List<long> _footnotesDue = [];

    private DocxText(MainDocumentPart main, Func<OpenXmlPart, string, string?> malformedTarget)
    {
        _footnotes = DocxNoteNumbers.Footnotes(main);
        _endnotes = DocxNoteNumbers.Endnotes(main);
        _malformedTarget = malformedTarget;
    }

    /// <summary>The text, lines separated by <c>\n</c>.</summary>
    public string Text => _text.ToString();

    /// <summary>Every link whose target is another document, in the order of the text.</summary>
    public IReadOnlyList<TextLink> Links => _links;

    /// <summary>
    /// Reads the document of <paramref name="main"/>; <paramref name="malformedTarget"/> gives the target a part's
    /// relationship has in the file when the library could not read it as a URI.
    /// </summary>
    public static DocxText Read(MainDocumentPart main, Func<OpenXmlPart, string, string?> malformedTarget)
    {
        var text = new DocxText(main, malformedTarget);
        if (main.Document?.Body is { } body)
        {
            text.WriteParagraphs(body, main, null, main.FootnotesPart);
        }

        if (main.EndnotesPart?.Endnotes is { } endnotes)
        {
            var byId = endnotes.Elements<Endnote>().Where(n => n.Id is not null).ToDictionary(n => n.Id!.Value);
            foreach (var id in text._endnotes.Order)
            {
                if (byId.TryGetValue(id, out var note))
                {
                    text.WriteParagraphs(note, main.EndnotesPart, text._endnotes.Refer(id, null), null);
                }
            }
        }

        return text;
    }

    /// <summary>The number of the footnote or endnote the text at <paramref name="offset"/> stands in; null in the body.</summary>
    public string? FootnoteAt(int offset)
    {
        var (low, high) = (0, _notes.Count - 1);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            (low, high) = _notes[mid].Start <= offset ? (mid, high) : (low, mid - 1);
        }

        return _notes[low].Note;
    }

    private void WriteParagraphs(OpenXmlElement container, OpenXmlPart part, string? note, FootnotesPart? footnotes)
    {
        foreach (var paragraph in container.Descendants<Paragraph>().Where(p => !p.Ancestors().Any(Hidden)))
        {
            _notes.Add((_text.Length, note));
            Walk(paragraph, part, note is null);
            _text.Append("\n\n");
            if (footnotes?.Footnotes is { } all && _footnotesDue.Count > 0)
            {
                var due = _footnotesDue.ToList();
                _footnotesDue.Clear();
                foreach (var id in due)
                {
                    if (all.Elements<Footnote>().FirstOrDefault(n => n.Id?.Value == id) is { } footnote)
                    {
                        WriteParagraphs(footnote, footnotes, _footnotes.Refer(id, null), null);
                    }
                }

                _notes.Add((_text.Length, note));
            }
        }
    }

    /// <summary>Text a reader does not see: deleted by a tracked change, or the copy of a text box kept for old readers.</summary>
    private static bool Hidden(OpenXmlElement element) =>
        element is DeletedRun or MoveFromRun or AlternateContentFallback;

    private void Walk(OpenXmlElement element, OpenXmlPart part, bool inBody)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case Paragraph:
                    // A text box's paragraph: read as a paragraph of its own, after the one that holds it.
                    break;
                case DeletedRun or MoveFromRun or AlternateContentFallback or DeletedText or DeletedFieldCode:
                    break;
                case WordText text:
                    Append(text.Text);
                    break;
                case TabChar or PositionalTab:
                    Append("\t");
                    break;
                case Break or CarriageReturn:
                    Append("\n");
                    break;
                case NoBreakHyphen:
                    Append("-");
                    break;
                case SoftHyphen:
                    Append("\u00AD");
                    break;
                case FieldCode code when _fields.Count > 0:
                    _fields.Peek().Instruction.Append(code.Text);
                    break;
                case FieldChar mark:
                    FieldMark(mark);
                    break;
                case SimpleField field:
                    WalkLink(field, part, inBody, _ => HyperlinkField(field.Instruction?.Value));
                    break;
                case Hyperlink hyperlink:
                    WalkLink(hyperlink, part, inBody, p => Target(hyperlink, p));
                    break;
                case FootnoteReference reference when inBody && reference.Id?.Value is { } id:
                    _footnotes.Refer(id, CustomMark(reference));
                    _footnotesDue.Add(id);
                    break;
                case EndnoteReference reference when inBody && reference.Id?.Value is { } id:
                    _endnotes.Refer(id, CustomMark(reference));
                    break;
                default:
                    Walk(child, part, inBody);
                    break;
            }
        }
    }

    private void WalkLink(OpenXmlElement link, OpenXmlPart part, bool inBody, Func<OpenXmlPart, string?> target)
    {
        var start = _text.Length;
        Walk(link, part, inBody);
        if (target(part) is { } found)
        {
            _links.Add(new TextLink(found, start, _text.Length));
        }
    }

    private void FieldMark(FieldChar mark)
    {
        var type = mark.FieldCharType?.Value;
        if (type == FieldCharValues.Begin)
        {
            _fields.Push(new Field());
        }
        else if (type == FieldCharValues.Separate && _fields.Count > 0)
        {
            _fields.Peek().Start = _text.Length;
        }
        else if (type == FieldCharValues.End && _fields.Count > 0)
        {
            var field = _fields.Pop();
            if (field.Start >= 0 && HyperlinkField(field.Instruction.ToString()) is { } target)
            {
                _links.Add(new TextLink(target, field.Start, _text.Length));
            }
        }
    }

    /// <summary>A hyperlink's target: its relationship's, with the bookmark it names in that page; null for a link within the document.</summary>
    private string? Target(Hyperlink hyperlink, OpenXmlPart part)
    {
        if (hyperlink.Id?.Value is not { } id || part.HyperlinkRelationships.FirstOrDefault(r => r.Id == id) is not { } relationship)
        {
            return null;
        }

        var target = relationship.Uri.IsAbsoluteUri && relationship.Uri.Scheme == "rewritten"
            ? _malformedTarget(part, id) ?? ""
            : relationship.Uri.OriginalString;
        return hyperlink.Anchor?.Value is { Length: > 0 } anchor && !target.Contains('#', StringComparison.Ordinal)
            ? target + "#" + anchor
            : target;
    }

    /// <summary>
    /// The target of a <c>HYPERLINK</c> field's instruction: its first argument that is not a switch; null for another
    /// field or a link within the document (<c>\l</c> before any target).
    /// </summary>
    private static string? HyperlinkField(string? instruction)
    {
        var match = instruction is null ? null : HyperlinkInstruction().Match(instruction);
        if (match is not { Success: true })
        {
            return null;
        }

        var arguments = Argument().Matches(instruction![match.Length..])
            .Select(a => (Quoted: a.Groups["q"].Success, Value: a.Groups["q"].Success ? a.Groups["q"].Value : a.Value))
            .ToList();
        for (var i = 0; i < arguments.Count; i++)
        {
            var (quoted, value) = arguments[i];
            if (quoted || !value.StartsWith('\\'))
            {
                return value;
            }

            if (value.Equals("\\l", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            // \o (a tooltip) and \t (a target frame) take an argument of their own.
            i += value.ToUpperInvariant() is "\\O" or "\\T" ? 1 : 0;
        }

        return null;
    }

    private static string? CustomMark(OpenXmlElement reference) =>
        reference is FootnoteReference { CustomMarkFollows.Value: true } or EndnoteReference { CustomMarkFollows.Value: true }
            ? string.Concat(reference.ElementsAfter().OfType<WordText>().Select(t => t.Text))
            : null;

    private void Append(string text)
    {
        foreach (var c in text)
        {
            // Only \n separates lines here: other line and page separators are spaces.
            _text.Append(c is '\r' or '\f' or '\v' or '\u2028' or '\u2029' or '\u0085' ? ' ' : c);
        }
    }

    private sealed class Field
    {
        public StringBuilder Instruction { get; } = new();

        public int Start { get; set; } = -1;
    }

    [GeneratedRegex(@"^\s*HYPERLINK\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HyperlinkInstruction();

    [GeneratedRegex("\"(?<q>[^\"]*)\"|\\S+", RegexOptions.CultureInvariant)]
    private static partial Regex Argument();
}
