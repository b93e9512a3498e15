using System.Text.Json.Serialization;

namespace CitationMonitor.Domain.Text;

/// <summary>What a <see cref="DiffSegment"/> says about its words. Wire names are fixed by the public contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DiffType>))]
public enum DiffType
{
    /// <summary>Words present in both texts.</summary>
    [JsonStringEnumMemberName("equal")] Equal,

    /// <summary>Words only in the new text.</summary>
    [JsonStringEnumMemberName("insert")] Insert,

    /// <summary>Words only in the old text.</summary>
    [JsonStringEnumMemberName("delete")] Delete,
}
