using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CitationMonitor.Domain.Text;

/// <summary>
/// What produced a stored text: the extractor's version (<see cref="ContentExtractor.Version"/>) and, when the host had
/// ignore selectors, a short fingerprint of them, since they too change the text of the same bytes: <c>2</c> without
/// selectors, <c>2+1a2b3c4d</c> with. Two texts of the same bytes are the same text only when their stamps are equal; a
/// text stored under another stamp is read again from its bytes before it is compared with a new one.
/// </summary>
public static class ExtractionStamp
{
    /// <summary>The stamp of a text stored before stamps were recorded (a null stamp): version 1, selectors unknown.</summary>
    public const string Unrecorded = "1";

    /// <summary>Hex digits of the selectors' SHA-256 kept in a stamp.</summary>
    private const int FingerprintDigits = 8;

    /// <summary>
    /// The stamp of a text extracted by <paramref name="version"/> with <paramref name="rules"/>: the version alone when
    /// there are no ignore selectors, else the version, <c>+</c> and <see cref="Fingerprint"/>.
    /// </summary>
    /// <param name="version">The extractor's version, at least 1.</param>
    /// <param name="rules">The per-host adjustments; <see langword="null"/> for none.</param>
    public static string Of(int version, ExtractionRules? rules)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        var number = version.ToString(CultureInfo.InvariantCulture);
        return Fingerprint(rules) is { } fingerprint ? $"{number}+{fingerprint}" : number;
    }

    /// <summary>
    /// Eight hex digits of the SHA-256 of the ignore selectors, each trimmed, without repeats, in ordinal order (the
    /// order they are configured in does not change what they remove); null when there are none.
    /// </summary>
    /// <param name="rules">The per-host adjustments; <see langword="null"/> for none.</param>
    public static string? Fingerprint(ExtractionRules? rules)
    {
        var selectors = (rules?.IgnoreSelectors ?? [])
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (selectors.Count == 0)
        {
            return null;
        }

        // Each selector with its length, so that no two lists of selectors can be written the same way.
        var canonical = new StringBuilder();
        foreach (var selector in selectors)
        {
            canonical.Append(Encoding.UTF8.GetByteCount(selector).ToString(CultureInfo.InvariantCulture)).Append(':').Append(selector).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..FingerprintDigits];
    }

    /// <summary>
    /// Whether a text stored under <paramref name="stored"/> (null: before stamps were recorded, which is
    /// <see cref="Unrecorded"/>) is what the extraction stamped <paramref name="running"/> gives for the same bytes.
    /// </summary>
    public static bool Matches(string? stored, string running) =>
        string.Equals(stored ?? Unrecorded, running, StringComparison.Ordinal);

    /// <summary>Whether a stamp was made with ignore selectors (it carries their fingerprint after <c>+</c>).</summary>
    public static bool HasSelectors(string stamp) => stamp.Contains('+', StringComparison.Ordinal);
}
