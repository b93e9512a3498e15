using System.Text;

namespace CitationMonitor.Domain.Text;

/// <summary>Small helpers over a raw Content-Type header value.</summary>
internal static class ContentTypes
{
    /// <summary>The media type in lower case without parameters, or an empty string.</summary>
    public static string MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "";
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = semicolon < 0 ? contentType : contentType[..semicolon];
        return mediaType.Trim().ToLowerInvariant();
    }

    /// <summary>The <c>charset</c> parameter, unquoted, or <see langword="null"/>.</summary>
    public static string? Charset(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        foreach (var parameter in contentType.Split(';').Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
            {
                var value = parameter[(equals + 1)..].Trim().Trim('"', '\'').Trim();
                return value.Length == 0 ? null : value;
            }
        }

        return null;
    }

    /// <summary>
    /// How a quick look at the start of a page decodes it (enough to find a title, a heading or a refresh): Latin-1 when
    /// the charset says so (ISO-8859-1, windows-1252, latin1), else UTF-8, whose invalid sequences become U+FFFD, so a
    /// page in a mislabelled charset is still read.
    /// </summary>
    public static Encoding QuickEncoding(string? contentType) =>
        Charset(contentType) is { } charset
        && (charset.Contains("8859-1", StringComparison.Ordinal) || charset.Contains("1252", StringComparison.Ordinal)
            || charset.Equals("latin1", StringComparison.OrdinalIgnoreCase))
            ? Encoding.Latin1
            : Encoding.UTF8;
}
