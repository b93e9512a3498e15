using System.Text.Json.Serialization;
using CitationMonitor.Domain.Vocabulary;

namespace CitationMonitor.Domain.Citations;

/// <summary>A citation's health, derived from its checks. Wire names are fixed by the public contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CitationHealth>))]
public enum CitationHealth
{
    /// <summary>Never checked.</summary>
    [JsonStringEnumMemberName("unknown")] Unknown,
    /// <summary>The last check was <c>ok</c>.</summary>
    [JsonStringEnumMemberName("healthy")] Healthy,
    /// <summary>The last check failed, but <c>broken</c> does not hold yet.</summary>
    [JsonStringEnumMemberName("degraded")] Degraded,
    /// <summary>Failing for long enough and often enough to count as rotted.</summary>
    [JsonStringEnumMemberName("broken")] Broken,
    /// <summary>The monitor cannot tell: blocked, rate limited or a refused target.</summary>
    [JsonStringEnumMemberName("blocked")] Blocked,
}

/// <summary>Wire names of <see cref="CitationHealth"/>.</summary>
public static class CitationHealthNames
{
    /// <summary>Every wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All => WireNames<CitationHealth>.All;

    /// <summary>The wire name of a value.</summary>
    public static string ToWireName(this CitationHealth value) => WireNames<CitationHealth>.Of(value);

    /// <summary>Parses a wire name; false for anything not in the vocabulary.</summary>
    public static bool TryParse(string? name, out CitationHealth value) => WireNames<CitationHealth>.TryParse(name, out value);

    /// <summary>Parses a stored wire name, throwing on a value outside the vocabulary.</summary>
    public static CitationHealth Parse(string name) => WireNames<CitationHealth>.Parse(name);
}
