using System.Text.Json.Serialization;
using CitationMonitor.Domain.Vocabulary;

namespace CitationMonitor.Domain.Changes;

/// <summary>What a recorded change is about. Wire names are part of the public contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    /// <summary>The extracted main text changed.</summary>
    [JsonStringEnumMemberName("content")] Content,

    /// <summary>The text is the same; the page's title changed.</summary>
    [JsonStringEnumMemberName("title")] Title,

    /// <summary>The text is the same; it is now served from another final URL (the redirect target changed).</summary>
    [JsonStringEnumMemberName("moved")] Moved,

    /// <summary>The kind of content changed, e.g. an HTML page became a PDF.</summary>
    [JsonStringEnumMemberName("type")] Type,

    /// <summary>The passage the citation quotes went from found to altered or missing.</summary>
    [JsonStringEnumMemberName("quote")] Quote,
}

/// <summary>Wire names of <see cref="ChangeKind"/>, as stored and as served.</summary>
public static class ChangeKindNames
{
    /// <summary>Every wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All => WireNames<ChangeKind>.All;

    /// <summary>The wire name of a value.</summary>
    public static string ToWireName(this ChangeKind value) => WireNames<ChangeKind>.Of(value);

    /// <summary>Parses a wire name; false for anything not in the vocabulary.</summary>
    public static bool TryParse(string? name, out ChangeKind value) => WireNames<ChangeKind>.TryParse(name, out value);

    /// <summary>Parses a stored wire name, throwing on a value outside the vocabulary.</summary>
    public static ChangeKind Parse(string name) => WireNames<ChangeKind>.Parse(name);
}
