using System.Globalization;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>Times are stored as fixed-width ISO 8601 UTC text, so that text order is time order on any engine.</summary>
internal static class DbTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToDb(DateTimeOffset value) =>
        value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string? ToDb(DateTimeOffset? value) => value is { } v ? ToDb(v) : null;

    public static DateTimeOffset FromDb(string value) =>
        DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary><paramref name="value"/> to the microsecond, as PostgreSQL keeps times.</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % TimeSpan.TicksPerMicrosecond), value.Offset);

    public static DateTimeOffset? FromDbOrNull(string? value) => value is null ? null : FromDb(value);
}
