using System.Text;
using System.Text.RegularExpressions;

namespace CitationMonitor.Domain.Text;

/// <summary>Turns body bytes into a string, finding the character set the way browsers do (simplified).</summary>
internal static partial class TextDecoder
{
    // The HTML standard prescans 1024 bytes for a <meta> charset; real pages sometimes put it a little later.
    private const int MetaPrescanBytes = 4096;

    static TextDecoder()
    {
        // Static constructors run once and are thread-safe, so registration happens exactly once.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static string Decode(ReadOnlySpan<byte> body, string? contentType, bool isHtml)
    {
        var bomEncoding = DetectBom(body, out var bomLength);
        var encoding = bomEncoding
            ?? FromLabel(ContentTypes.Charset(contentType))
            ?? (isHtml ? FromLabel(MetaCharset(body)) : null)
            ?? Encoding.UTF8;

        if (bomEncoding is not null)
        {
            body = body[bomLength..];
        }

        return encoding.GetString(body);
    }

    /// <summary>Maps a charset label to an encoding, following the WHATWG aliases that matter in practice.</summary>
    internal static Encoding? FromLabel(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        label = label.Trim().Trim('"', '\'').ToLowerInvariant();
        label = label switch
        {
            // Browsers decode these labels as windows-1252, and pages that declare them rely on it (curly quotes, €).
            "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "cp1252" => "windows-1252",
            "utf8" => "utf-8",
            _ => label,
        };

        try
        {
            return Encoding.GetEncoding(label);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static Encoding? DetectBom(ReadOnlySpan<byte> body, out int length)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            length = 3;
            return Encoding.UTF8;
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            length = 2;
            return Encoding.Unicode;
        }

        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            length = 2;
            return Encoding.BigEndianUnicode;
        }

        length = 0;
        return null;
    }

    private static string? MetaCharset(ReadOnlySpan<byte> body)
    {
        // Latin-1 maps every byte to one char, so the ASCII markup reads the same whatever the real encoding.
        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, MetaPrescanBytes)]);
        var match = MetaCharsetPattern().Match(head);
        if (!match.Success)
        {
            return null;
        }

        var label = match.Groups["charset"].Value;

        // A page cannot really be UTF-16 if its ASCII markup was readable; the standard says to use UTF-8 then.
        return label.StartsWith("utf-16", StringComparison.OrdinalIgnoreCase) ? "utf-8" : label;
    }

    // Covers both <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
    [GeneratedRegex("""<meta\b[^>]*?charset\s*=\s*["']?\s*(?<charset>[a-zA-Z0-9_.:-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MetaCharsetPattern();
}
