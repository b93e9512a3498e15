using System.Globalization;
using System.Net;
using System.Text;
using CitationMonitor.Infrastructure.Fetching;

namespace CitationMonitor.Infrastructure.Export;

/// <summary>
/// The HTTP messages of a capture as a WARC block holds them: request line or status line, header lines, blank line.
/// </summary>
internal static class HttpMessages
{
    // Header bytes are read as ISO-8859-1 (every byte one character, as HTTP defines field values), so writing them back
    // the same way gives the bytes the server sent, whatever they were.
    private static readonly Encoding HeadEncoding = Encoding.Latin1;

    /// <summary>Prefix of a received header kept for the record whose meaning no longer matches the stored bytes (as pywb and warcprox write it).</summary>
    public const string OriginalPrefix = "X-Archive-Orig-";

    /// <summary>The request as sent: <c>GET /path?query HTTP/1.1</c>, then its headers in order.</summary>
    public static byte[] RequestHead(HttpExchange exchange)
    {
        var target = Uri.TryCreate(exchange.Url, UriKind.Absolute, out var url) ? url.PathAndQuery : exchange.Url;
        var head = new StringBuilder().Append(exchange.Method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        foreach (var field in exchange.RequestHeaders)
        {
            AppendField(head, field.Name, field.Value);
        }

        return HeadEncoding.GetBytes(head.Append("\r\n").ToString());
    }

    /// <summary>
    /// The answer's status line and headers as received, for a body of <paramref name="bodyLength"/> stored bytes. The
    /// body is kept after transfer and content decoding, so <c>Transfer-Encoding</c>, a <c>Content-Encoding</c> that was
    /// undone, and a <c>Content-Length</c> that differs from the stored length are kept renamed with
    /// <see cref="OriginalPrefix"/>, and a <c>Content-Length</c> of the stored bytes is written.
    /// </summary>
    public static byte[] ResponseHead(HttpExchange exchange, long bodyLength)
    {
        var head = new StringBuilder()
            .Append("HTTP/").Append(exchange.HttpVersion).Append(' ')
            .Append(exchange.Status.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(exchange.Reason ?? StandardReason(exchange.Status)).Append("\r\n");
        var length = bodyLength.ToString(CultureInfo.InvariantCulture);
        var lengthKept = false;
        foreach (var field in exchange.ResponseHeaders)
        {
            var stale = field.Name.ToLowerInvariant() switch
            {
                "transfer-encoding" => true,
                "content-encoding" => ContentCodings.Parse(field.Value).Count > 0 && ContentCodings.IsDecoded(field.Value),
                "content-length" => lengthKept || field.Value.Trim() != length,
                _ => false,
            };
            lengthKept |= !stale && field.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);
            AppendField(head, stale ? OriginalPrefix + field.Name : field.Name, field.Value);
        }

        if (!lengthKept)
        {
            AppendField(head, "Content-Length", length);
        }

        return HeadEncoding.GetBytes(head.Append("\r\n").ToString());
    }

    /// <summary>
    /// For a snapshot taken before full captures were kept: a minimal answer with what the snapshot knows, its status,
    /// Content-Type and the stored length.
    /// </summary>
    public static byte[] SynthesizedResponseHead(int status, string? contentType, long bodyLength)
    {
        var head = new StringBuilder()
            .Append("HTTP/1.1 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(StandardReason(status)).Append("\r\n");
        if (contentType is not null)
        {
            AppendField(head, "Content-Type", contentType);
        }

        AppendField(head, "Content-Length", bodyLength.ToString(CultureInfo.InvariantCulture));
        return HeadEncoding.GetBytes(head.Append("\r\n").ToString());
    }

    private static string StandardReason(int status)
    {
        using var message = new HttpResponseMessage((HttpStatusCode)status);
        return message.ReasonPhrase ?? "";
    }

    private static void AppendField(StringBuilder head, string name, string value) =>
        head.Append(name).Append(": ").Append(value.ReplaceLineEndings(" ")).Append("\r\n");
}
