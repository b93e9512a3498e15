using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Citations;

namespace CitationMonitor.Api.Citations;

/// <summary>
/// Labels: short tags a person gives a citation, to find it again with <c>?label=</c>. Each is trimmed and stored
/// lower-case (so <c>Urgent</c> and <c>urgent</c> are one label), 1 to <see cref="MaxLength"/> characters without control
/// characters or commas (so a list of labels reads unambiguously, in a CSV cell as anywhere); a citation has at most
/// <see cref="MaxCount"/>, each once, sorted.
/// </summary>
internal static class CitationLabels
{
    public const int MaxLength = 40;
    public const int MaxCount = 20;

    public const string Rule = "a label is 1 to 40 characters, without control characters or commas";

    /// <summary>The label as stored, or null when <paramref name="value"/> is not one.</summary>
    public static string? Normalize(string? value)
    {
        var label = value?.Trim();
        return string.IsNullOrEmpty(label) || label.Length > MaxLength || label.Any(c => char.IsControl(c) || c == ',')
            ? null
            : label.ToLowerInvariant();
    }

    /// <summary>The <c>?label=</c> filter: null when not given, or when not a label (with the error).</summary>
    public static string? Parse(QueryErrors errors, string? value)
    {
        if (value is null || value.Length == 0)
        {
            return null;
        }

        if (Normalize(value) is { } label)
        {
            return label;
        }

        errors.Add("label", $"'{Shown(value)}' is not a label: {Rule}. Give one label.");
        return null;
    }

    /// <summary>A value as an error message may show it: control characters escaped, at most 60 characters.</summary>
    public static string Shown(string value)
    {
        var shown = string.Concat(value.Take(60).Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        return value.Length > 60 ? shown + "…" : shown;
    }
}

/// <summary>
/// What a <c>PATCH /api/citations/{id}</c> sets: the passage and access date of its one place (<see cref="PlacePatch"/>),
/// and its pause, labels, check interval and return from retirement. Only fields present change; an explicit null clears
/// the labels or the interval (back to the configured one).
/// </summary>
internal sealed partial record CitationPatch(PlacePatch Place, CitationEdit Life)
{
    public static readonly TimeSpan MinCheckInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxCheckInterval = TimeSpan.FromDays(365);

    private static readonly string[] Fields = ["quote", "accessedAt", "paused", "labels", "checkInterval", "retired"];

    /// <summary>Reads the body, adding what is wrong with it to <paramref name="errors"/>.</summary>
    public static CitationPatch Parse(JsonElement body, QueryErrors errors)
    {
        var none = new CitationPatch(new PlacePatch(false, null, false, null), new CitationEdit());
        if (body.ValueKind != JsonValueKind.Object || !Fields.Any(f => body.TryGetProperty(f, out _)))
        {
            errors.Add("body", "Give at least one of \"quote\", \"accessedAt\", \"paused\", \"labels\", \"checkInterval\" and \"retired\" (false, to bring a retired citation back).");
            return none;
        }

        var place = PlacePatch.ParseFields(body, errors);
        return new CitationPatch(place, new CitationEdit
        {
            SetsQuote = place.SetsQuote,
            Quote = place.Quote,
            SetsAccessedAt = place.SetsAccessedAt,
            AccessedAt = place.AccessedAt,
            Paused = ParsePaused(body, errors),
            Labels = ParseLabels(body, errors),
            SetsCheckInterval = body.TryGetProperty("checkInterval", out _),
            CheckInterval = ParseCheckInterval(body, errors),
            Restores = ParseRetired(body, errors),
        });
    }

    /// <summary>An interval as answers spell it: <c>d.hh:mm:ss</c>, e.g. <c>7.00:00:00</c>.</summary>
    public static string? Spell(TimeSpan? interval) => interval?.ToString("c", CultureInfo.InvariantCulture);

    private static bool? ParsePaused(JsonElement body, QueryErrors errors)
    {
        if (!body.TryGetProperty("paused", out var given))
        {
            return null;
        }

        if (given.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return given.GetBoolean();
        }

        errors.Add("paused", "must be true (no more scheduled checks until resumed) or false (resume them).");
        return null;
    }

    private static List<string>? ParseLabels(JsonElement body, QueryErrors errors)
    {
        if (!body.TryGetProperty("labels", out var given))
        {
            return null;
        }

        if (given.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (given.ValueKind != JsonValueKind.Array)
        {
            errors.Add("labels", $"must be a list of labels, e.g. [\"urgent\", \"ministry\"], or null to clear them; {CitationLabels.Rule}.");
            return null;
        }

        var labels = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in given.EnumerateArray())
        {
            if (CitationLabels.Normalize(item.ValueKind == JsonValueKind.String ? item.GetString() : null) is { } label)
            {
                labels.Add(label);
            }
            else
            {
                var shown = item.ValueKind == JsonValueKind.String ? $"'{CitationLabels.Shown(item.GetString()!)}'" : item.GetRawText();
                errors.Add("labels", $"{CitationLabels.Shown(shown)} is not a label: {CitationLabels.Rule}.");
            }
        }

        if (labels.Count > CitationLabels.MaxCount)
        {
            errors.Add("labels", $"A citation has at most {CitationLabels.MaxCount} labels; {labels.Count} were given.");
        }

        return [.. labels];
    }

    private static TimeSpan? ParseCheckInterval(JsonElement body, QueryErrors errors)
    {
        if (!body.TryGetProperty("checkInterval", out var given) || given.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (TryParseCheckInterval(given.ValueKind == JsonValueKind.String ? given.GetString() : null, out var interval))
        {
            return interval;
        }

        errors.Add("checkInterval", $"must be {CheckIntervalRule}; or null for the configured interval (Monitor:Worker:CheckInterval).");
        return null;
    }

    /// <summary>What a check interval is, for a message that refuses one.</summary>
    public static string CheckIntervalRule =>
        $"a duration written d.hh:mm:ss, between {Spell(MinCheckInterval)} (an hour) and {Spell(MaxCheckInterval)} (365 days), "
        + "e.g. \"7.00:00:00\" for a week or \"12:00:00\" for twelve hours";

    /// <summary>A citation's own check interval written <c>d.hh:mm:ss</c> (see <see cref="CheckIntervalRule"/>); false when <paramref name="text"/> is not one.</summary>
    public static bool TryParseCheckInterval(string? text, out TimeSpan interval)
    {
        interval = default;
        text = text?.Trim();
        return text is not null && Duration().IsMatch(text)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out interval)
            && interval >= MinCheckInterval && interval <= MaxCheckInterval;
    }

    private static bool ParseRetired(JsonElement body, QueryErrors errors)
    {
        if (!body.TryGetProperty("retired", out var given))
        {
            return false;
        }

        switch (given.ValueKind)
        {
            case JsonValueKind.False:
                return true;
            case JsonValueKind.True:
                errors.Add("retired", "A citation is retired with DELETE /api/citations/{id}; \"retired\" takes false only, to bring a retired citation back.");
                return false;
            default:
                errors.Add("retired", "must be false, to bring a retired citation back (retire one with DELETE /api/citations/{id}).");
                return false;
        }
    }

    /// <summary>Days (optional), hours, minutes and whole seconds: <c>7.00:00:00</c>, <c>12:00:00</c>.</summary>
    [GeneratedRegex(@"^([0-9]{1,3}\.)?[0-9]{1,2}:[0-9]{2}:[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
