using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// Numbers a Word file's footnotes or endnotes as Word shows them: in the order the text first refers to them, from the
/// start number and in the number format the document sets (its last section's, else its settings'), by default
/// 1, 2, 3 for footnotes and i, ii, iii for endnotes. A reference with a custom mark is labelled by that mark and takes
/// no number.
/// </summary>
internal sealed class DocxNoteNumbers
{
    private readonly string _format;
    private readonly Dictionary<long, string> _labels = [];
    private int _next;

    private DocxNoteNumbers(string format, int start)
    {
        _format = format;
        _next = start;
    }

    /// <summary>The notes referred to so far, in the order of their first reference.</summary>
    public List<long> Order { get; } = [];

    public static DocxNoteNumbers Footnotes(MainDocumentPart main) =>
        Of(main.Document?.Body?.Elements<SectionProperties>().LastOrDefault()?.GetFirstChild<FootnoteProperties>(),
            main.DocumentSettingsPart?.Settings?.GetFirstChild<FootnoteDocumentWideProperties>(), "decimal");

    public static DocxNoteNumbers Endnotes(MainDocumentPart main) =>
        Of(main.Document?.Body?.Elements<SectionProperties>().LastOrDefault()?.GetFirstChild<EndnoteProperties>(),
            main.DocumentSettingsPart?.Settings?.GetFirstChild<EndnoteDocumentWideProperties>(), "lowerRoman");

    /// <summary>The label of note <paramref name="id"/>, numbered now if this is its first reference.</summary>
    public string Refer(long id, string? customMark)
    {
        if (_labels.TryGetValue(id, out var label))
        {
            return label;
        }

        label = string.IsNullOrWhiteSpace(customMark) ? Format(_next++, _format) : customMark.Trim();
        _labels[id] = label;
        Order.Add(id);
        return label;
    }

    private static DocxNoteNumbers Of(OpenXmlElement? section, OpenXmlElement? settings, string defaultFormat)
    {
        var format = section?.GetFirstChild<NumberingFormat>()?.Val?.InnerText
            ?? settings?.GetFirstChild<NumberingFormat>()?.Val?.InnerText
            ?? defaultFormat;
        var start = section?.GetFirstChild<NumberingStart>()?.Val?.Value ?? settings?.GetFirstChild<NumberingStart>()?.Val?.Value ?? 1;
        return new DocxNoteNumbers(format, start);
    }

    private static string Format(int number, string format) => format switch
    {
        "lowerRoman" => Roman(number).ToLowerInvariant(),
        "upperRoman" => Roman(number),
        "lowerLetter" => Letters(number, 'a'),
        "upperLetter" => Letters(number, 'A'),
        _ => number.ToString(CultureInfo.InvariantCulture),
    };

    private static string Roman(int number)
    {
        ReadOnlySpan<(int Value, string Numeral)> numerals =
        [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ];
        var roman = new StringBuilder();
        foreach (var (value, numeral) in numerals)
        {
            for (; number >= value; number -= value)
            {
                roman.Append(numeral);
            }
        }

        return roman.ToString();
    }

    // Word's letters: a..z, then aa..zz, then aaa...
    private static string Letters(int number, char first) =>
        number < 1 ? number.ToString(CultureInfo.InvariantCulture) : new string((char)(first + ((number - 1) % 26)), ((number - 1) / 26) + 1);
}
