using Dapper;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// The WHERE clause of a list query, built from optional filters: a condition is added only with its value, and the
/// value becomes the condition's parameter. Renders as <c>WHERE a AND b</c>, or as nothing without conditions.
/// </summary>
internal sealed class SqlFilter
{
    private readonly List<string> _conditions = [];

    public DynamicParameters Parameters { get; } = new();

    /// <summary>Adds <paramref name="condition"/> with its parameter, unless <paramref name="value"/> is null.</summary>
    public SqlFilter And(string condition, string parameter, object? value)
    {
        if (value is not null)
        {
            _conditions.Add(condition);
            Parameters.Add(parameter, value);
        }

        return this;
    }

    /// <summary>Adds a condition that needs no parameter, or whose parameters are already added.</summary>
    public SqlFilter And(string condition)
    {
        _conditions.Add(condition);
        return this;
    }

    /// <summary>
    /// A <c>LIKE … ESCAPE '\'</c> pattern matching text that contains <paramref name="text"/> (trimmed, lower-cased as
    /// the connection's <c>LOWER</c> folds); null for blank text, so the condition is left out.
    /// </summary>
    public static string? Containing(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? null
            : "%" + text.Trim().ToLowerInvariant()
                .Replace(@"\", @"\\", StringComparison.Ordinal)
                .Replace("%", @"\%", StringComparison.Ordinal)
                .Replace("_", @"\_", StringComparison.Ordinal) + "%";

    public override string ToString() => _conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", _conditions);
}
