using System.Text.Json;
using System.Text.RegularExpressions;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// Whether an answer agrees with the JSON an example shows for it. Every key shown must be there with a value of the
/// same kind, recursively; what a reader relies on is compared to the letter, what varies from run to run is not:
/// <list type="bullet">
/// <item><c>"…"</c> stands for any value; in a longer string, <c>…</c> stands for any text (<c>"The host … is paused…"</c>).</item>
/// <item>Vocabulary (a lower-case word such as <c>not_found</c>, <c>web-archive</c>, <c>ok</c>), booleans and <c>null</c>
/// must be equal.</item>
/// <item>Other strings (sentences, URLs, times, hashes) and numbers must only be strings and numbers.</item>
/// <item>Array elements are compared position by position with the answer's (which may hold more); <c>[]</c> means empty.</item>
/// </list>
/// </summary>
internal static partial class ShownJson
{
    public const string Any = "…";

    public static IReadOnlyList<string> Compare(JsonElement shown, JsonElement actual)
    {
        var problems = new List<string>();
        Compare(shown, actual, "$", problems);
        return problems;
    }

    private static void Compare(JsonElement shown, JsonElement actual, string path, List<string> problems)
    {
        if (shown.ValueKind == JsonValueKind.String && shown.GetString() == Any)
        {
            return;
        }

        if (!SameKind(shown.ValueKind, actual.ValueKind))
        {
            problems.Add($"{path}: shown {Describe(shown)}, answered {Describe(actual)}");
            return;
        }

        switch (shown.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in shown.EnumerateObject())
                {
                    if (actual.TryGetProperty(property.Name, out var value))
                    {
                        Compare(property.Value, value, $"{path}.{property.Name}", problems);
                    }
                    else
                    {
                        problems.Add($"{path}.{property.Name}: shown, but not in the answer");
                    }
                }

                break;
            case JsonValueKind.Array:
                CompareArrays(shown, actual, path, problems);
                break;
            case JsonValueKind.String:
                var text = shown.GetString()!;
                var answered = actual.GetString()!;
                if ((text.Contains(Any, StringComparison.Ordinal) && !ShownText.Matches(text, answered))
                    || (IsVocabulary(text) && text != answered))
                {
                    problems.Add($"{path}: shown \"{text}\", answered \"{answered}\"");
                }

                break;
            case JsonValueKind.True or JsonValueKind.False when shown.ValueKind != actual.ValueKind:
                problems.Add($"{path}: shown {Describe(shown)}, answered {Describe(actual)}");
                break;
        }
    }

    private static void CompareArrays(JsonElement shown, JsonElement actual, string path, List<string> problems)
    {
        var shownLength = shown.GetArrayLength();
        var actualLength = actual.GetArrayLength();
        if (shownLength == 0 && actualLength > 0)
        {
            problems.Add($"{path}: shown empty, answered {actualLength} elements");
        }
        else if (actualLength < shownLength)
        {
            problems.Add($"{path}: shown {shownLength} elements, answered {actualLength}");
        }

        for (var i = 0; i < Math.Min(shownLength, actualLength); i++)
        {
            Compare(shown[i], actual[i], $"{path}[{i}]", problems);
        }
    }

    /// <summary>Lower-case words joined by <c>_</c> or <c>-</c>: the names of statuses, health, kinds, reasons...</summary>
    public static bool IsVocabulary(string text) => text.Length <= 40 && Vocabulary().IsMatch(text);

    private static bool SameKind(JsonValueKind shown, JsonValueKind actual) =>
        shown == actual || (shown is JsonValueKind.True or JsonValueKind.False && actual is JsonValueKind.True or JsonValueKind.False);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        _ => value.GetRawText(),
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    [GeneratedRegex("^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$")]
    private static partial Regex Vocabulary();
}
