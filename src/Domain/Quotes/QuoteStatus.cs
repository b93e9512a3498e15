using System.Text.Json.Serialization;

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
    public static IReadOnlyList<string> All { get; } = ["found", "altered", "missing", "none"];

    /// <summary>The wire name, e.g. <c>altered</c>.</summary>
    public static string ToWireName(this QuoteStatus status) => All[(int)status];

    /// <summary>Parses a stored wire name, throwing on a value outside the vocabulary.</summary>
    public static QuoteStatus Parse(string name)
    {
        var index = All.ToList().IndexOf(name);
        return index >= 0 ? (QuoteStatus)index : throw new FormatException($"Unknown quote status '{name}'.");
    }
}
