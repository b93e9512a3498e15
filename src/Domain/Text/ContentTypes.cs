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
}
