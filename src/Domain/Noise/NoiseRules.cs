using System.Text.RegularExpressions;

namespace CitationMonitor.Domain.Noise;

/// <summary>What to leave out of a text before two versions of it are compared.</summary>
/// <param name="IgnorePatterns">Regular expressions whose matches are removed from the text (configured per host).</param>
/// <param name="VolatileShapes">Shapes (see <see cref="NoiseFilter.Shape"/>) of lines learned to change between fetches.</param>
public sealed record NoiseRules(IReadOnlyList<Regex> IgnorePatterns, IReadOnlySet<string> VolatileShapes)
{
    /// <summary>No rules: the text is compared as extracted.</summary>
    public static NoiseRules None { get; } = new([], new HashSet<string>(StringComparer.Ordinal));

    /// <summary>The same rules with more volatile shapes.</summary>
    public NoiseRules WithVolatile(IEnumerable<string> shapes) =>
        this with { VolatileShapes = new HashSet<string>(VolatileShapes.Concat(shapes), StringComparer.Ordinal) };
}
