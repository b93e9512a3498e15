using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// Reads CSL-JSON as Zotero, Better BibTeX and Mendeley export it: an array of items (or an object whose
/// <c>items</c> is one); one citation per item, its <c>URL</c> (or its <c>DOI</c> as its <c>https://doi.org/</c>
/// address), its <c>title</c> as context and its <c>accessed</c> date as the access date. An item with neither a URL
/// nor a DOI is listed as <see cref="SkipReasons.NoUrl"/> with its id and title.
/// </summary>
/// <remarks>
/// The access date may be written <c>{ "date-parts": [[2021, 1, 20]] }</c> (numbers or, as Zotero writes the year,
/// strings), <c>{ "raw": "2021-01-20" }</c> or as a plain <c>"2021-01-20"</c>; a date without its day is no access date.
/// Variable names are CSL's (<c>URL</c>, <c>DOI</c>), in any letter case. Titles lose the rich-text tags CSL allows in
/// them (<c>&lt;i&gt;</c>, <c>&lt;b&gt;</c>, <c>&lt;sup&gt;</c>, <c>&lt;sub&gt;</c>, <c>&lt;span class="nocase"&gt;</c>).
/// </remarks>
public static partial class CslJsonReader
{
    /// <summary>Reads CSL-JSON bytes (UTF-8).</summary>
    /// <exception cref="UnreadableDocumentException">The bytes are not JSON, or not an array of items.</exception>
    public static ReadDocument Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var json = WithoutBom(bytes).ToArray();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new UnreadableDocumentException(string.Create(CultureInfo.InvariantCulture, $"The CSL-JSON file is not valid JSON (line {e.LineNumber + 1}): it may be cut short."), e);
        }

        using (document)
        {
            if (Items(document.RootElement) is not { } items)
            {
                throw new UnreadableDocumentException("The CSL-JSON file holds no list of items.");
            }

            var lines = ItemLines(json, wrapped: document.RootElement.ValueKind == JsonValueKind.Object);
            var citations = new List<CitedUrl>();
            var skipped = new List<SkippedText>();
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var line = index < lines.Count ? lines[index] : 1;
                index++;
                if (item.ValueKind == JsonValueKind.Object)
                {
                    ReferenceEntries.Add(ToReference(item, line), citations, skipped);
                }
            }

            return new ReadDocument(DocumentKind.CslJson, citations, skipped, null);
        }
    }

    /// <summary>The bytes without a UTF-8 byte order mark.</summary>
    internal static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;

    /// <summary>The array of items: the root itself, or the root object's <c>items</c>; null when neither is an array.</summary>
    internal static JsonElement? Items(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array ? root
        : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? items
        : null;

    /// <summary>The item's property named <paramref name="name"/>, that spelling first, else in any letter case; null when absent.</summary>
    internal static JsonElement? Property(JsonElement item, string name)
    {
        if (item.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in item.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static ReferenceEntry ToReference(JsonElement item, int line)
    {
        var id = Property(item, "id") is { } idValue ? Scalar(idValue) ?? "" : "";
        var title = Property(item, "title") is { } titleValue && Scalar(titleValue) is { } rawTitle
            && TextNormalizer.ToNfc(TextNormalizer.CollapseWhitespace(RichText().Replace(rawTitle, "")).Trim()) is { Length: > 0 } cleaned
            ? cleaned
            : null;
        var url = Property(item, "URL") is { } urlValue ? Scalar(urlValue) : null;
        var doi = Property(item, "DOI") is { } doiValue ? Scalar(doiValue) : null;
        var accessed = Property(item, "accessed") is { } accessedValue ? AccessDate(accessedValue) : null;
        return new ReferenceEntry(id, title, string.IsNullOrWhiteSpace(url) ? null : url.Trim(), string.IsNullOrWhiteSpace(doi) ? null : doi.Trim(), accessed, line);
    }

    /// <summary>A string or number as text; null for anything else.</summary>
    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    private static DateTimeOffset? AccessDate(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return ReferenceEntries.ParseDay(value.GetString());
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (Property(value, "date-parts") is { ValueKind: JsonValueKind.Array } parts
            && parts.GetArrayLength() > 0 && parts[0] is { ValueKind: JsonValueKind.Array } first && first.GetArrayLength() >= 3)
        {
            return DatePart(first[0]) is { } year && DatePart(first[1]) is { } month && DatePart(first[2]) is { } day
                ? ReferenceEntries.Day(year, month, day)
                : null;
        }

        foreach (var name in (string[])["raw", "literal"])
        {
            if (Property(value, name) is { ValueKind: JsonValueKind.String } text)
            {
                return ReferenceEntries.ParseDay(text.GetString());
            }
        }

        return null;
    }

    private static int? DatePart(JsonElement part) => part.ValueKind switch
    {
        JsonValueKind.Number when part.TryGetInt32(out var number) => number,
        JsonValueKind.String when int.TryParse(part.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) => number,
        _ => null,
    };

    /// <summary>The 1-based line on which each item of the array starts, in order.</summary>
    private static List<int> ItemLines(ReadOnlySpan<byte> json, bool wrapped)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(json);
        var inItems = !wrapped;
        var itemsDepth = wrapped ? 1 : 0;
        var line = 1;
        var counted = 0;
        while (reader.Read())
        {
            if (wrapped && reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                inItems = reader.ValueTextEquals("items"u8);
                continue;
            }

            if (inItems && reader.CurrentDepth == itemsDepth + 1 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                or JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null)
            {
                var start = (int)reader.TokenStartIndex;
                line += json[counted..start].Count((byte)'\n');
                counted = start;
                lines.Add(line);
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth == itemsDepth + 1)
            {
                reader.Skip();
            }
        }

        return lines;
    }

    // The rich-text markup CSL allows in titles.
    [GeneratedRegex(@"</?(?:i|b|sup|sub|sc|span)\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RichText();
}
