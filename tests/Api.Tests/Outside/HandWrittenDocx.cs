using System.IO.Compression;
using System.Security;
using System.Text;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// A Word file (.docx) zipped by hand from the parts Word writes: the body, its footnotes and endnotes, and each part's
/// relationships, hyperlinks among them. Paragraphs are written in a small markup: <c>[text](target)</c> is a hyperlink,
/// <c>^n</c> a reference to footnote n and <c>~n</c> to endnote n.
/// </summary>
internal sealed class HandWrittenDocx
{
    private const string Main = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string HyperlinkType = Relationships + "/hyperlink";

    private readonly List<string> _body = [];
    private readonly List<string> _footnotes = [];
    private readonly List<string> _endnotes = [];

    public HandWrittenDocx Paragraph(string markup)
    {
        _body.Add(markup);
        return this;
    }

    /// <summary>The next footnote (numbered 1, 2... in the order added).</summary>
    public HandWrittenDocx Footnote(string markup)
    {
        _footnotes.Add(markup);
        return this;
    }

    /// <summary>The next endnote (numbered 1, 2... in the order added).</summary>
    public HandWrittenDocx Endnote(string markup)
    {
        _endnotes.Add(markup);
        return this;
    }

    public byte[] ToBytes()
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                  <Default Extension="xml" ContentType="application/xml"/>
                  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                  <Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
                  <Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>
                </Types>
                """);
            Add(zip, "_rels/.rels",
                $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="{Relationships}/officeDocument" Target="word/document.xml"/>
                </Relationships>
                """);

            var bodyLinks = new List<string>();
            var body = string.Concat(_body.Select(p => ParagraphXml(p, bodyLinks)));
            Add(zip, "word/document.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="{Main}" xmlns:r="{Relationships}"><w:body>{body}<w:sectPr><w:footnotePr><w:numFmt w:val="decimal"/></w:footnotePr><w:endnotePr><w:numFmt w:val="decimal"/></w:endnotePr></w:sectPr></w:body></w:document>
                """);
            Add(zip, "word/_rels/document.xml.rels", RelationshipsXml(bodyLinks,
                $"""<Relationship Id="rIdFootnotes" Type="{Relationships}/footnotes" Target="footnotes.xml"/><Relationship Id="rIdEndnotes" Type="{Relationships}/endnotes" Target="endnotes.xml"/>"""));

            var footnoteLinks = new List<string>();
            Add(zip, "word/footnotes.xml", NotesXml("footnotes", "footnote", _footnotes, footnoteLinks));
            Add(zip, "word/_rels/footnotes.xml.rels", RelationshipsXml(footnoteLinks, string.Empty));

            var endnoteLinks = new List<string>();
            Add(zip, "word/endnotes.xml", NotesXml("endnotes", "endnote", _endnotes, endnoteLinks));
            Add(zip, "word/_rels/endnotes.xml.rels", RelationshipsXml(endnoteLinks, string.Empty));
        }

        return output.ToArray();
    }

    private static string NotesXml(string root, string note, List<string> notes, List<string> links)
    {
        // Word's own separator notes (-1 and 0) come first, as in every file it saves.
        var xml = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} xmlns:w="{Main}" xmlns:r="{Relationships}">""");
        xml.Append($"""<w:{note} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{note}>""");
        xml.Append($"""<w:{note} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{note}>""");
        for (var i = 0; i < notes.Count; i++)
        {
            var reference = note == "footnote" ? "<w:footnoteRef/>" : "<w:endnoteRef/>";
            var paragraph = ParagraphXml(notes[i], links);
            paragraph = paragraph.Insert("<w:p>".Length, $"""<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>{reference}</w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>""");
            xml.Append($"""<w:{note} w:id="{i + 1}">{paragraph}</w:{note}>""");
        }

        return xml.Append($"</w:{root}>").ToString();
    }

    private static string RelationshipsXml(List<string> links, string others)
    {
        var xml = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
        xml.Append(others);
        for (var i = 0; i < links.Count; i++)
        {
            xml.Append($"""<Relationship Id="rIdLink{i + 1}" Type="{HyperlinkType}" Target="{SecurityElement.Escape(links[i])}" TargetMode="External"/>""");
        }

        return xml.Append("</Relationships>").ToString();
    }

    /// <summary>One paragraph of the markup: plain runs, hyperlinks and note references, in order.</summary>
    private static string ParagraphXml(string markup, List<string> links)
    {
        var xml = new StringBuilder("<w:p>");
        var text = new StringBuilder();
        var i = 0;
        while (i < markup.Length)
        {
            var c = markup[i];
            if (c == '[' && markup.IndexOf("](", i, StringComparison.Ordinal) is var middle and > 0 && markup.IndexOf(')', middle) is var end and > 0)
            {
                Flush(xml, text);
                links.Add(markup[(middle + 2)..end]);
                xml.Append($"""<w:hyperlink r:id="rIdLink{links.Count}" w:history="1"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{SecurityElement.Escape(markup[(i + 1)..middle])}</w:t></w:r></w:hyperlink>""");
                i = end + 1;
            }
            else if (c is '^' or '~' && i + 1 < markup.Length && char.IsAsciiDigit(markup[i + 1]))
            {
                Flush(xml, text);
                var element = c == '^' ? "w:footnoteReference" : "w:endnoteReference";
                xml.Append($"""<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><{element} w:id="{markup[i + 1]}"/></w:r>""");
                i += 2;
            }
            else
            {
                text.Append(c);
                i++;
            }
        }

        Flush(xml, text);
        return xml.Append("</w:p>").ToString();
    }

    private static void Flush(StringBuilder xml, StringBuilder text)
    {
        if (text.Length > 0)
        {
            xml.Append($"""<w:r><w:t xml:space="preserve">{SecurityElement.Escape(text.ToString())}</w:t></w:r>""");
            text.Clear();
        }
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using var stream = entry.Open();
        stream.Write(new UTF8Encoding(false).GetBytes(content.Trim()));
    }
}
