using System.Text.Json.Serialization;

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
    private static readonly Dictionary<ChangeKind, string> ToName = new()
    {
        [ChangeKind.Content] = "content",
        [ChangeKind.Title] = "title",
        [ChangeKind.Moved] = "moved",
        [ChangeKind.Type] = "type",
        [ChangeKind.Quote] = "quote",
    };

    private static readonly Dictionary<string, ChangeKind> FromName =
        ToName.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Every wire name, in declaration order.</summary>
    public static IReadOnlyCollection<string> All { get; } = [.. ToName.Values];

    /// <summary>The wire name of a kind, e.g. <c>moved</c>.</summary>
    public static string ToWireName(this ChangeKind kind) => ToName[kind];

    /// <summary>Parses a wire name; false for anything not in the vocabulary.</summary>
    public static bool TryParse(string? name, out ChangeKind kind) =>
        FromName.TryGetValue(name ?? "", out kind);

    /// <summary>Parses a stored wire name, throwing on a value outside the vocabulary.</summary>
    public static ChangeKind Parse(string name) =>
        TryParse(name, out var kind) ? kind : throw new FormatException($"Unknown change kind '{name}'.");
}
