using System.Text.RegularExpressions;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>Text an example shows, with <c>…</c> standing for any run of characters (<c>Retry-After: …</c>).</summary>
internal static class ShownText
{
    public static bool Matches(string shown, string actual) =>
        Regex.IsMatch(
            actual,
            "^" + string.Join(".*", shown.Split(ShownJson.Any).Select(Regex.Escape)) + "$",
            RegexOptions.Singleline | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));
}
