using System.Globalization;
using CitationMonitor.Domain.Vocabulary;

namespace CitationMonitor.Api.Http;

/// <summary>
/// Parses query parameters by hand so that every bad value becomes a 400 problem naming the field,
/// instead of a bare binding failure.
/// </summary>
internal sealed class QueryErrors
{
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public IDictionary<string, string[]> Errors => _errors;

    public void Add(string field, string message) =>
        _errors[field] = _errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    public int Int(string field, string? value, int defaultValue, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return defaultValue;
        }

        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            Add(field, $"'{value}' is not an integer between {min} and {max}.");
            return defaultValue;
        }

        return parsed;
    }

    public long? Id(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!IsId(value, out var parsed))
        {
            Add(field, NotAnId(value));
            return null;
        }

        return parsed;
    }

    /// <summary>Whether <paramref name="value"/> is an id: a positive 64-bit integer.</summary>
    public static bool IsId(string? value, out long id) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out id) && id >= 1;

    public static string NotAnId(string? value) => $"'{value}' is not a positive integer id.";

    public DateTimeOffset? Time(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            Add(field, $"'{value}' is not an ISO 8601 date or time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.");
            return null;
        }

        return parsed;
    }

    /// <summary><c>true</c> or <c>false</c> (in any case); null when absent, or when neither (with the error).</summary>
    public bool? Bool(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (bool.TryParse(value.Trim(), out var parsed))
        {
            return parsed;
        }

        Add(field, $"'{value}' is not true or false.");
        return null;
    }

    /// <summary>A vocabulary value given by its wire name; null when absent, or when not one of them (with the error).</summary>
    public TEnum? OneOf<TEnum>(string field, string? value) where TEnum : struct, Enum =>
        OneOf(field, value, WireName.All<TEnum>()) is { } name ? WireName.Parse<TEnum>(name) : null;

    public string? OneOf(string field, string? value, IReadOnlyCollection<string> allowed)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (!allowed.Contains(trimmed))
        {
            Add(field, $"'{value}' is not one of: {string.Join(", ", allowed)}.");
            return null;
        }

        return trimmed;
    }
}
