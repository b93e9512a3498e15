using System.Text.Json.Serialization;
using CitationMonitor.Domain.Vocabulary;

namespace CitationMonitor.Domain.Quotes;

/// <summary>Whether the passage a citation quotes is still in its source.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QuoteStatus>))]
public enum QuoteStatus
{
    /// <summary>The passage is there, give or take whitespace, case, accents and the kind of quote marks.</summary>
    [JsonStringEnumMemberName("found")] Found,
    /// <summary>A close but not exact match is there: the passage was edited.</summary>
    [JsonStringEnumMemberName("altered")] Altered,
    /// <summary>Nothing close to the passage is there.</summary>
    [JsonStringEnumMemberName("missing")] Missing,
    /// <summary>The citation carries no passage.</summary>
    [JsonStringEnumMemberName("none")] None,
}

/// <summary>Wire names of <see cref="QuoteStatus"/>.</summary>
public static class QuoteStatusNames
{
    /// <summary>Every wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All => WireNames<QuoteStatus>.All;

    /// <summary>The wire name of a value.</summary>
    public static string ToWireName(this QuoteStatus value) => WireNames<QuoteStatus>.Of(value);

    /// <summary>Parses a wire name; false for anything not in the vocabulary.</summary>
    public static bool TryParse(string? name, out QuoteStatus value) => WireNames<QuoteStatus>.TryParse(name, out value);

    /// <summary>Parses a stored wire name, throwing on a value outside the vocabulary.</summary>
    public static QuoteStatus Parse(string name) => WireNames<QuoteStatus>.Parse(name);
}
