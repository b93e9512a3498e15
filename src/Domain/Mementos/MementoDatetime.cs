using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CitationMonitor.Domain.Mementos;

/// <summary>
/// The two spellings of a memento's datetime: the 14-digit <c>yyyyMMddHHmmss</c> of memento URLs (as web archives write
/// them) and the HTTP-date (RFC 9110, "IMF-fixdate") of the <c>Memento-Datetime</c> and <c>Accept-Datetime</c> headers.
/// </summary>
public static class MementoDatetime
{
    private const string Digits = "yyyyMMddHHmmss";

    /// <summary>The datetime to the second, in UTC: mementos are told apart by the second.</summary>
    public static DateTimeOffset ToSecond(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    public static string ToDigits(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Digits, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads 4 to 14 digits as the earliest moment they name (<c>2026</c> is 1 January 2026, 00:00:00 UTC), as web
    /// archives accept shortened memento URLs; anything else, or an impossible date, is refused.
    /// </summary>
    public static bool TryParseDigits(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length is < 4 or > 14 || text.Length % 2 != 0 || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        var padded = text + "0101000000"[(text.Length - 4)..];
        if (!DateTime.TryParseExact(padded, Digits, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        value = new DateTimeOffset(parsed, TimeSpan.Zero);
        return true;
    }

    /// <summary>The HTTP-date, e.g. <c>Tue, 11 Sep 2001 20:36:10 GMT</c>.</summary>
    public static string ToHttpDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("r", CultureInfo.InvariantCulture);

    /// <summary>Reads an HTTP-date (RFC 9110 IMF-fixdate, as RFC 7089 requires of <c>Accept-Datetime</c>).</summary>
    public static bool TryParseHttpDate(string? text, [NotNullWhen(true)] out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)
            || !DateTimeOffset.TryParseExact(text.Trim(), "r", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }

        value = parsed;
        return true;
    }
}
