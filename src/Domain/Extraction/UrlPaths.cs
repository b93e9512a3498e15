using System.Globalization;
using System.Text;

namespace CitationMonitor.Domain.Extraction;

/// <summary>The path and query of a cited URL: percent-encoding of what cannot stand in a URL, and dot segments resolved.</summary>
internal static class UrlPaths
{
    /// <summary>
    /// Percent-encodes what cannot stand in a URL and upper-cases escape digits; everything else,
    /// including existing escapes and <c>+</c>, is kept as cited.
    /// </summary>
    internal static string EncodeInvalid(string part, bool isQuery)
    {
        var sb = new StringBuilder(part.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            if (c == '%')
            {
                if (i + 2 < part.Length && char.IsAsciiHexDigit(part[i + 1]) && char.IsAsciiHexDigit(part[i + 2]))
                {
                    sb.Append('%').Append(char.ToUpperInvariant(part[i + 1])).Append(char.ToUpperInvariant(part[i + 2]));
                    i += 2;
                }
                else
                {
                    sb.Append("%25");
                }
            }
            else if (c < 0x80)
            {
                if (c is '"' or '<' or '>' or '`' or '{' or '}' or '|' or '^' || (isQuery && c == '\\'))
                {
                    AppendEscaped(sb, (byte)c);
                }
                else
                {
                    sb.Append(c);
                }
            }
            else
            {
                // A lone surrogate becomes U+FFFD rather than an exception.
                var rune = Rune.DecodeFromUtf16(part.AsSpan(i), out var r, out var consumed) == System.Buffers.OperationStatus.Done
                    ? r
                    : Rune.ReplacementChar;
                var length = rune.EncodeToUtf8(utf8);
                for (var b = 0; b < length; b++)
                {
                    AppendEscaped(sb, utf8[b]);
                }

                i += Math.Max(consumed, 1) - 1;
            }
        }

        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, byte b) =>
        sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));

    /// <summary>RFC 3986 §5.2.4: resolves <c>.</c> and <c>..</c> segments, as every HTTP client does before sending.</summary>
    internal static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            return path;
        }

        var input = path.Split('/');
        var output = new List<string>(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var segment = input[i];
            var isLast = i == input.Length - 1;
            if (segment == ".")
            {
                if (isLast)
                {
                    output.Add("");
                }
            }
            else if (segment == "..")
            {
                if (output.Count > 1)
                {
                    output.RemoveAt(output.Count - 1);
                }

                if (isLast)
                {
                    output.Add("");
                }
            }
            else
            {
                output.Add(segment);
            }
        }

        var joined = string.Join('/', output);
        return joined.StartsWith('/') || joined.Length == 0 ? joined : "/" + joined;
    }
}
