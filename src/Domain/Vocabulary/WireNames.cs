using System.Reflection;
using System.Text.Json.Serialization;

namespace CitationMonitor.Domain.Vocabulary;

/// <summary>
/// The wire names of a vocabulary enum, read once from its <see cref="JsonStringEnumMemberNameAttribute"/>s, so that
/// JSON, storage and query parameters all spell a value the same way.
/// </summary>
/// <typeparam name="TEnum">An enum whose every member carries a wire name.</typeparam>
internal static class WireNames<TEnum> where TEnum : struct, Enum
{
    private static readonly Dictionary<TEnum, string> ToName = Enum.GetValues<TEnum>().ToDictionary(
        value => value,
        value => typeof(TEnum).GetField(value.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
            ?? throw new InvalidOperationException($"{typeof(TEnum).Name}.{value} has no wire name."));

    private static readonly Dictionary<string, TEnum> FromName =
        ToName.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Every wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Enum.GetValues<TEnum>().Select(value => ToName[value])];

    /// <summary>The wire name of a value.</summary>
    public static string Of(TEnum value) => ToName[value];

    /// <summary>Parses a wire name; false for anything outside the vocabulary.</summary>
    public static bool TryParse(string? name, out TEnum value) => FromName.TryGetValue(name ?? "", out value);

    /// <summary>Parses a stored wire name, throwing on a value outside the vocabulary.</summary>
    public static TEnum Parse(string name) =>
        TryParse(name, out var value) ? value : throw new FormatException($"Unknown {typeof(TEnum).Name} '{name}'.");
}

/// <summary>The wire names of any vocabulary enum, for code that handles them all alike (such as storage).</summary>
public static class WireName
{
    /// <summary>Every wire name of the enum, in declaration order.</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => WireNames<TEnum>.All;

    /// <summary>The wire name of a value.</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => WireNames<TEnum>.Of(value);

    /// <summary>Parses a stored wire name, throwing on a value outside the vocabulary.</summary>
    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum => WireNames<TEnum>.Parse(name);
}
