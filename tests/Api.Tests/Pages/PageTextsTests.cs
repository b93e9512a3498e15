using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using CitationMonitor.Api.Pages;
using CitationMonitor.Api.Tests.Docs;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>
/// Every text the pages show has its Spanish: the texts written as <c>T["…"]</c>, and those the pages pass to
/// <c>T[…]</c> from a switch (<c>=&gt; "…"</c>), a reason list or a refusal, as found in the pages' sources.
/// </summary>
public sealed partial class PageTextsTests
{
    [Fact]
    public void EveryTextOfThePages_HasItsSpanish()
    {
        // The Spanish only, without falling back to the English, which is the text itself.
        var spanish = new ResourceManager(typeof(PageTexts)).GetResourceSet(CultureInfo.GetCultureInfo("es"), createIfNotExists: true, tryParents: false);
        Assert.NotNull(spanish);
        var missing = UsedTexts()
            .Where(text => spanish.GetString(text) is not { Length: > 0 } translated || translated == text && !SameInBoth(text))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, $"{missing.Count} text(s) of the pages have no Spanish in src/Api/Pages/PageTexts.es.resx:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void NoTwoTexts_DifferOnlyByLetterCase()
    {
        // Resource names are looked up without regard to case when the resources are built: one of the two would be lost.
        var names = System.Xml.Linq.XDocument.Load(Path.Combine(DocsPages.RepositoryRoot, "src", "Api", "Pages", "PageTexts.es.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToList();

        var clashes = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => string.Join(" / ", g)).ToList();
        Assert.True(clashes.Count == 0, "texts differing only by case: " + string.Join("; ", clashes));
    }

    [Fact]
    public void TheSourcesAreScanned_SoTheCheckAboveCanFail()
    {
        var texts = UsedTexts();

        Assert.Contains("Documents", texts);
        Assert.Contains("Broken", texts);
        Assert.Contains("Changed in the last 7 days", texts);
        Assert.True(texts.Count > 50, $"only {texts.Count} texts found");
    }

    private static HashSet<string> UsedTexts()
    {
        var folder = Path.Combine(DocsPages.RepositoryRoot, "src", "Api", "Pages");
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (var pattern in Patterns)
            {
                foreach (Match match in pattern.Matches(source))
                {
                    // An identifier (an element's id, a wire name) in a switch is not a text.
                    foreach (var group in new[] { "text", "detail" }.Where(g => match.Groups[g].Success && !Identifier().IsMatch(match.Groups[g].Value)))
                    {
                        texts.Add(Regex.Unescape(match.Groups[group].Value));
                    }
                }
            }
        }

        return texts;
    }

    // Words that read the same in both languages.
    private static bool SameInBoth(string text) => text is "PDF" or "bytes" or "URL";

    private static readonly Regex[] Patterns =
    [
        LocalizedText(),
        SwitchArmText(),
        ReasonText(),
        RefusalText(),
    ];

    [GeneratedRegex(@"^[a-z0-9_-]+$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\bT\[""(?<text>(?:[^""\\]|\\.)+)""\]")]
    private static partial Regex LocalizedText();

    // A switch arm that gives a sentence or a capitalized word: the labels the pages look up with T[...].
    [GeneratedRegex(@"=>\s*""(?<text>[A-Za-z][^""]*)"",")]
    private static partial Regex SwitchArmText();

    [GeneratedRegex(@"\(""(?<text>[A-Z][^""]+)"",\s*new CitationFilter")]
    private static partial Regex ReasonText();

    [GeneratedRegex(@"(?:RefuseAsync\(http, StatusCodes\.\w+|NotFoundAsync\(http)\s*,\s*""(?<text>[^""]+)"",\s*""(?<detail>[^""]+)""")]
    private static partial Regex RefusalText();
}
