using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

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
        // Precedence: BOM, then the Content-Type header, then the page's own <meta>; the server's header describes
        // the bytes as sent, while a <meta> often survives a re-encoding by a proxy or CMS unchanged.
        var bomEncoding = DetectBom(body, out var bomLength);
        var encoding = bomEncoding
            ?? FromLabel(ContentTypes.Charset(contentType))
            ?? (isHtml ? FromLabel(MetaCharset(body)) : null);

        if (bomEncoding is not null)
        {
            body = body[bomLength..];
        }

        return encoding is not null ? encoding.GetString(body) : DecodeUndeclared(body);
    }

    private static string DecodeUndeclared(ReadOnlySpan<byte> body)
    {
        // A body cut at a size limit may end inside a character; that alone does not make it legacy-encoded.
        if (Utf8.IsValid(body[..WithoutIncompleteTail(body)]))
        {
            return Encoding.UTF8.GetString(body);
        }

        // Not UTF-8 and nothing declared: legacy pages in Western languages are almost always windows-1252.
        return Encoding.GetEncoding(1252).GetString(body);
    }

    private static int WithoutIncompleteTail(ReadOnlySpan<byte> body)
    {
        for (var back = 1; back <= Math.Min(3, body.Length); back++)
        {
            var b = body[^back];
            if (b < 0x80)
            {
                break;
            }

            if (b >= 0xC0)
            {
                var needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return needed > back ? body.Length - back : body.Length;
            }
        }

        return body.Length;
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
