using System.Text.Json;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Documents;

/// <summary>Tells what a document's bytes are from the bytes (magic numbers and the first characters), never from a file name.</summary>
/// <remarks>
/// <para>
/// Binary kinds by their magic numbers: <c>%PDF-</c> is a PDF. Anything else must be text: valid UTF-8, or
/// UTF-16 with its byte order mark, or the encoding a page's <c>&lt;meta charset&gt;</c> declares, or else a legacy 8-bit
/// encoding (windows-1252), and without control characters other than whitespace in its first 64 KB; images, archives (a ZIP that is not a Word file) and other binary files have
/// some, and are not read (null).
/// </para>
/// <para>
/// Text is then told apart by how it starts, after a byte order mark, whitespace, an XML declaration and comments:
/// </para>
/// <list type="bullet">
/// <item>HTML: <c>&lt;!doctype html</c>, or one of the tags only a page starts with (<c>html</c>, <c>head</c>,
/// <c>body</c>, <c>meta</c>, <c>title</c>, <c>base</c>, <c>link</c>), in any letter case. A Markdown file that opens
/// with a <c>&lt;div&gt;</c> or <c>&lt;p&gt;</c> stays Markdown. An SVG image (<c>&lt;svg</c>) is not read.</item>
/// <item>CSL-JSON: a JSON array of objects (or an object whose <c>items</c> is one), each with a <c>type</c> and an
/// <c>id</c>, <c>title</c>, <c>URL</c> or <c>DOI</c>. Other JSON is text.</item>
/// <item>BibTeX: the first thing after <c>%</c> comment lines is an entry, <c>@type{key,</c> (or <c>@type(key,</c>),
/// or a <c>@string</c>, <c>@preamble</c> or <c>@comment</c>.</item>
/// <item>Anything else, Markdown included: text.</item>
/// </list>
/// </remarks>
public static partial class DocumentKinds
{
    /// <summary>How much of the start is decoded to tell text kinds apart.</summary>
    private const int SniffBytes = 64 * 1024;

    /// <summary>Tags that only the start of a web page has.</summary>
    private static readonly string[] PageStartTags = ["html", "head", "body", "meta", "title", "base", "link"];

    /// <summary>
    /// The media type of a kind, as a file told to be of that kind by its bytes is described in evidence (whatever type
    /// the sender claimed); text kinds without a declared encoding are served as they were received.
    /// </summary>
    public static string MediaType(DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "application/pdf",
        DocumentKind.Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        DocumentKind.Html => "text/html",
        DocumentKind.Bibtex => "application/x-bibtex",
        DocumentKind.CslJson => "application/vnd.citationstyles.csl+json",
        _ => "text/plain",
    };

    /// <summary>The kind of <paramref name="bytes"/>; null when the monitor does not read that kind.</summary>
    public static DocumentKind? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("%PDF-"u8))
        {
            return DocumentKind.Pdf;
        }

        if (bytes.StartsWith("PK\u0003\u0004"u8))
        {
            // A Word file is a ZIP holding word/document.xml; any other archive is of a kind the monitor does not read.
            return ZipEntries.Contains(bytes, "word/document.xml"u8) ? DocumentKind.Docx : null;
        }

        return TextKind(bytes);
    }

    /// <summary>The kind of text the bytes are; null when they are not text (an image, an archive, other binary).</summary>
    private static DocumentKind? TextKind(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, SniffBytes)];
        // A page's <meta charset> counts: a legacy multi-byte encoding (Shift_JIS, ISO-2022-JP) read as windows-1252
        // would show control characters.
        var head = TextDecoder.Decode(sample, null, isHtml: true);

        if (head.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t' or '\f')))
        {
            return null;
        }

        var start = SkipPrologue(head);
        var rest = head.AsSpan(start);
        if (rest.StartsWith("<svg", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (IsPageStart(rest))
        {
            return DocumentKind.Html;
        }

        if (rest.Length > 0 && rest[0] is '[' or '{' && IsCslJson(bytes))
        {
            return DocumentKind.CslJson;
        }

        return BibTexStart().IsMatch(head) ? DocumentKind.Bibtex : DocumentKind.Text;
    }

    /// <summary>Where the content starts: after a byte order mark, whitespace, an XML declaration and markup comments.</summary>
    private static int SkipPrologue(string head)
    {
        var i = 0;
        while (true)
        {
            while (i < head.Length && (char.IsWhiteSpace(head[i]) || head[i] == '\uFEFF'))
            {
                i++;
            }

            var rest = head.AsSpan(i);
            var close = rest.StartsWith("<!--", StringComparison.Ordinal) ? "-->"
                : rest.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase) ? "?>"
                : null;
            if (close is null)
            {
                return i;
            }

            var end = rest.IndexOf(close, StringComparison.Ordinal);
            if (end < 0)
            {
                return i;
            }

            i += end + close.Length;
        }
    }

    private static bool IsPageStart(ReadOnlySpan<char> rest)
    {
        if (rest.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (rest.Length < 2 || rest[0] != '<')
        {
            return false;
        }

        foreach (var tag in PageStartTags)
        {
            if (rest[1..].StartsWith(tag, StringComparison.OrdinalIgnoreCase)
                && (rest.Length == tag.Length + 1 || rest[tag.Length + 1] is '>' or '/' || char.IsWhiteSpace(rest[tag.Length + 1])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the bytes are JSON whose items all look like CSL items (see the class remarks).</summary>
    private static bool IsCslJson(ReadOnlySpan<byte> bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(CslJsonReader.WithoutBom(bytes).ToArray());
            return CslJsonReader.Items(document.RootElement) is { } items && items.GetArrayLength() > 0
                && items.EnumerateArray().All(LooksLikeCslItem);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool LooksLikeCslItem(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
        && (item.TryGetProperty("id", out _) || item.TryGetProperty("title", out _)
            || CslJsonReader.Property(item, "URL") is not null || CslJsonReader.Property(item, "DOI") is not null);

    // After comment lines: an entry "@type{key," or "@type(key,", or a string, preamble or comment block.
    [GeneratedRegex(@"\A(?:\s|%[^\n]*\n)*@[ \t]*(?:(?:string|preamble|comment)[ \t]*[{(]|[A-Za-z]+[ \t]*[{(][ \t]*[^\s,{}()""#%'=]+[ \t\r\n]*,)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BibTexStart();
}
