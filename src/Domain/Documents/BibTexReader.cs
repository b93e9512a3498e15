using System.Globalization;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// Reads a BibTeX file as Zotero, Better BibTeX, Mendeley and JabRef export it: one citation per entry, its
/// <c>url</c> (or its <c>doi</c> as its <c>https://doi.org/</c> address, or a URL in <c>howpublished</c>, where
/// <c>@misc</c> entries keep it), its title as context and its <c>urldate</c> as the access date.
/// </summary>
/// <remarks>
/// <para>
/// The syntax is BibTeX's: entries <c>@type{key, field = value, ...}</c> (or with parentheses), values in braces
/// (nested braces kept), in double quotes, bare numbers or <c>@string</c> macros (and the month names
/// <c>jan</c>...<c>dec</c>), joined with <c>#</c>. Field names are case-insensitive; the first of a repeated field
/// counts, as in BibTeX. Text between entries, <c>@comment</c> and <c>@preamble</c> are ignored, and so are lines
/// starting with <c>%</c> between entries.
/// </para>
/// <para>
/// Titles are turned into plain text (see <see cref="LatexText"/>); <c>url</c> and <c>doi</c> are read verbatim but for
/// the escapes some exports add (<c>\url{…}</c>, <c>\_</c>, <c>{\_}</c>, <c>\%</c>, <c>\&amp;</c>, <c>\#</c>,
/// <c>\textasciitilde</c>). An entry with neither a URL nor a DOI is listed as <see cref="SkipReasons.NoUrl"/> with its
/// key and title.
/// </para>
/// <para>
/// A file cut inside an entry, or with something in an entry that is not a field, cannot be read: an
/// <see cref="UnreadableDocumentException"/> says which entry and line.
/// </para>
/// </remarks>
public static class BibTexReader
{
    /// <summary>Reads a BibTeX file's bytes (UTF-8, or windows-1252 when they are not UTF-8).</summary>
    /// <exception cref="UnreadableDocumentException">The file is cut inside an entry, or an entry is malformed.</exception>
    public static ReadDocument Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = TextDecoder.Decode(bytes, null, isHtml: false);
        var citations = new List<CitedUrl>();
        var skipped = new List<SkippedText>();
        foreach (var entry in BibTexParser.Parse(text))
        {
            ReferenceEntries.Add(ToReference(entry), citations, skipped);
        }

        return new ReadDocument(DocumentKind.Bibtex, citations, skipped, null);
    }

    private static ReferenceEntry ToReference(BibTexEntry entry)
    {
        var title = Field(entry, "title") is { } rawTitle && LatexText.ToText(rawTitle) is { Length: > 0 } cleaned ? cleaned : null;
        var url = Field(entry, "url") is { } rawUrl ? Verbatim(rawUrl) : null;
        if (string.IsNullOrWhiteSpace(url) && Field(entry, "howpublished") is { } published)
        {
            url = CitationExtractor.Extract(Verbatim(published.Replace(@"\url{", " {", StringComparison.Ordinal))).FirstOrDefault()?.Url;
        }

        var doi = Field(entry, "doi") is { } rawDoi ? Verbatim(rawDoi) : null;
        var accessed = Field(entry, "urldate") is { } rawDate ? ReferenceEntries.ParseDay(LatexText.ToText(rawDate)) : null;
        return new ReferenceEntry(entry.Key, title, string.IsNullOrWhiteSpace(url) ? null : url, string.IsNullOrWhiteSpace(doi) ? null : doi, accessed, entry.Line);
    }

    private static string? Field(BibTexEntry entry, string name) => entry.Fields.GetValueOrDefault(name);

    /// <summary>A URL or DOI field's text: the value as written, without the escapes and wrappers some exports add.</summary>
    internal static string Verbatim(string value)
    {
        var text = value.Trim();
        foreach (var wrapper in (string[])[@"\url{", @"\href{"])
        {
            if (text.StartsWith(wrapper, StringComparison.Ordinal))
            {
                var close = text.IndexOf('}', wrapper.Length);
                text = close < 0 ? text[wrapper.Length..] : text[wrapper.Length..close];
            }
        }

        var sb = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                var name = new string([.. text.Skip(i + 1).TakeWhile(char.IsAsciiLetter)]);
                if (name is "textasciitilde" or "textunderscore")
                {
                    sb.Append(name == "textasciitilde" ? '~' : '_');
                    i += name.Length;
                }
                else if (i + 1 < text.Length && text[i + 1] is '_' or '%' or '&' or '#' or '$' or '~' or '{' or '}')
                {
                    sb.Append(text[i + 1]);
                    i++;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c is not ('{' or '}'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }
}

/// <summary>One BibTeX entry: its type and key (as written), its fields by lower-cased name, and the line it starts on.</summary>
internal sealed record BibTexEntry(string Type, string Key, IReadOnlyDictionary<string, string> Fields, int Line);

/// <summary>BibTeX's syntax (see <see cref="BibTexReader"/>): entries, fields, values and macros, without interpreting the values.</summary>
internal sealed class BibTexParser
{
    private static readonly Dictionary<string, string> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jan"] = "January", ["feb"] = "February", ["mar"] = "March", ["apr"] = "April", ["may"] = "May", ["jun"] = "June",
        ["jul"] = "July", ["aug"] = "August", ["sep"] = "September", ["oct"] = "October", ["nov"] = "November", ["dec"] = "December",
    };

    private readonly string _text;
    private readonly List<int> _lineStarts = [0];
    private readonly Dictionary<string, string> _macros = new(StringComparer.OrdinalIgnoreCase);
    private int _pos;

    private BibTexParser(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>Every entry of <paramref name="text"/> (not <c>@string</c>, <c>@preamble</c> or <c>@comment</c>), in order.</summary>
    /// <exception cref="UnreadableDocumentException">The text is cut inside an entry, or an entry is malformed.</exception>
    public static List<BibTexEntry> Parse(string text) => new BibTexParser(text).Entries();

    private List<BibTexEntry> Entries()
    {
        var entries = new List<BibTexEntry>();
        while (NextEntryStart())
        {
            var start = _pos;
            _pos++;
            SkipWhitespace();
            var type = ReadIdentifier();
            SkipWhitespace();
            if (type.Length == 0 || _pos >= _text.Length || _text[_pos] is not ('{' or '('))
            {
                // An "@" in the text between entries (an address, a handle): not an entry.
                _pos = start + 1;
                continue;
            }

            var close = _text[_pos] == '{' ? '}' : ')';
            _pos++;
            switch (type.ToLowerInvariant())
            {
                case "comment":
                    SkipComment(close);
                    break;
                case "preamble":
                    ReadValue(start, "@preamble");
                    Expect(close, start, "@preamble");
                    break;
                case "string":
                    ReadFields(close, start, "@string", _macros);
                    break;
                default:
                    var key = ReadKey(close);
                    var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    ReadFields(close, start, key, fields);
                    entries.Add(new BibTexEntry(type, key, fields, LineOf(start)));
                    break;
            }
        }

        return entries;
    }

    /// <summary>Moves to the next "@" outside a <c>%</c> comment line; false at the end of the text.</summary>
    private bool NextEntryStart()
    {
        var lineStart = true;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '@')
            {
                return true;
            }

            if (c == '%' && lineStart)
            {
                var end = _text.IndexOf('\n', _pos);
                _pos = end < 0 ? _text.Length : end;
                continue;
            }

            lineStart = c == '\n' || (lineStart && c is ' ' or '\t' or '\r');
            _pos++;
        }

        return false;
    }

    private void SkipComment(char close)
    {
        // "@comment{...}" holds balanced braces (JabRef keeps its settings there); anything else ends with its line.
        if (close == '}')
        {
            var depth = 1;
            while (_pos < _text.Length && depth > 0)
            {
                depth += _text[_pos] switch { '{' => 1, '}' => -1, _ => 0 };
                _pos++;
            }

            return;
        }

        var end = _text.IndexOf('\n', _pos);
        _pos = end < 0 ? _text.Length : end;
    }

    private string ReadKey(char close)
    {
        SkipWhitespace();
        var start = _pos;
        while (_pos < _text.Length && _text[_pos] != ',' && _text[_pos] != close && !char.IsWhiteSpace(_text[_pos]) && _text[_pos] != '=')
        {
            _pos++;
        }

        var key = _text[start.._pos];
        SkipWhitespace();
        if (_pos < _text.Length && _text[_pos] == '=')
        {
            // No key at all: what was read is the first field's name.
            _pos = start;
            return "";
        }

        if (_pos < _text.Length && _text[_pos] == ',')
        {
            _pos++;
        }

        return key;
    }

    private void ReadFields(char close, int entryStart, string entryName, Dictionary<string, string> fields)
    {
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Truncated(entryStart, entryName);
            }

            var c = _text[_pos];
            if (c == close)
            {
                _pos++;
                return;
            }

            if (c == ',')
            {
                _pos++;
                continue;
            }

            var name = ReadIdentifier();
            if (name.Length == 0)
            {
                throw Malformed(entryStart, entryName, $"a field name was expected, not '{c}'");
            }

            SkipWhitespace();
            Expect('=', entryStart, entryName);
            var value = ReadValue(entryStart, entryName);
            fields.TryAdd(name, value);
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Truncated(entryStart, entryName);
            }

            if (_text[_pos] != ',' && _text[_pos] != close)
            {
                throw Malformed(entryStart, entryName, $"',' or '{close}' was expected after the field '{name}', not '{_text[_pos]}'");
            }
        }
    }

    /// <summary>A value: pieces in braces, in quotes, numbers or macro names, joined with '#'.</summary>
    private string ReadValue(int entryStart, string entryName)
    {
        var value = new System.Text.StringBuilder();
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                throw Truncated(entryStart, entryName);
            }

            var c = _text[_pos];
            if (c == '{')
            {
                value.Append(ReadDelimited(entryStart, entryName, quoted: false));
            }
            else if (c == '"')
            {
                value.Append(ReadDelimited(entryStart, entryName, quoted: true));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = _pos;
                while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                {
                    _pos++;
                }

                value.Append(_text, start, _pos - start);
            }
            else if (ReadIdentifier() is { Length: > 0 } macro)
            {
                value.Append(_macros.TryGetValue(macro, out var defined) ? defined : Months.GetValueOrDefault(macro, macro));
            }
            else
            {
                throw Malformed(entryStart, entryName, $"a value was expected, not '{c}'");
            }

            SkipWhitespace();
            if (_pos < _text.Length && _text[_pos] == '#')
            {
                _pos++;
                continue;
            }

            return value.ToString();
        }
    }

    /// <summary>The text between the brace or quote at the current position and its match; inner braces are kept.</summary>
    private string ReadDelimited(int entryStart, string entryName, bool quoted)
    {
        var start = ++_pos;
        var depth = 0;
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\\' && _pos + 1 < _text.Length)
            {
                // An escaped brace ("\{") neither opens nor closes a group.
                _pos += 2;
                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0)
                {
                    if (!quoted)
                    {
                        return _text[start.._pos++];
                    }

                    throw Malformed(entryStart, entryName, "a '}' closes no '{' inside a quoted value");
                }

                depth--;
            }
            else if (c == '"' && quoted && depth == 0)
            {
                return _text[start.._pos++];
            }

            _pos++;
        }

        throw Truncated(entryStart, entryName);
    }

    private void Expect(char expected, int entryStart, string entryName)
    {
        SkipWhitespace();
        if (_pos >= _text.Length)
        {
            throw Truncated(entryStart, entryName);
        }

        if (_text[_pos] != expected)
        {
            throw Malformed(entryStart, entryName, $"'{expected}' was expected, not '{_text[_pos]}'");
        }

        _pos++;
    }

    /// <summary>A BibTeX identifier: anything but whitespace and <c>"#%'(),={}</c>.</summary>
    private string ReadIdentifier()
    {
        var start = _pos;
        while (_pos < _text.Length && !char.IsWhiteSpace(_text[_pos]) && _text[_pos] is not ('"' or '#' or '%' or '\'' or '(' or ')' or ',' or '=' or '{' or '}' or '@'))
        {
            _pos++;
        }

        return _text[start.._pos];
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private int LineOf(int position)
    {
        var index = _lineStarts.BinarySearch(position);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    private UnreadableDocumentException Truncated(int entryStart, string entryName) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The BibTeX file ends inside {Describe(entryName)} that starts on line {LineOf(entryStart)}: a brace or quote is not closed, or the file is cut short."));

    private UnreadableDocumentException Malformed(int entryStart, string entryName, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The BibTeX file cannot be read: in {Describe(entryName)} that starts on line {LineOf(entryStart)}, {problem} (line {LineOf(_pos)})."));

    private static string Describe(string entryName) =>
        entryName.StartsWith('@') ? $"the {entryName}" : entryName.Length == 0 ? "an entry without a key" : $"the entry '{entryName}'";
}
