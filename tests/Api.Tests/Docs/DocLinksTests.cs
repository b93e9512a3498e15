using System.Text.RegularExpressions;

namespace CitationMonitor.Api.Tests.Docs;

public sealed partial class DocLinksTests
{
    public static TheoryData<string> Pages() => new([.. DocsPages.Names, "BENCHMARKS.md"]);

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryRelativeLinkOfThePage_LeadsToAFileAndHeadingThatExist(string name)
    {
        var page = DocsPages.Read(name);
        var broken = new List<string>();
        foreach (var (line, text) in page.Prose)
        {
            foreach (Match link in Link().Matches(InlineCode().Replace(text, "")))
            {
                var target = link.Groups[1].Value;
                if (Uri.TryCreate(target, UriKind.Absolute, out _))
                {
                    continue;
                }

                if (Problem(page, target) is { } problem)
                {
                    broken.Add($"{name}:{line}: {target}: {problem}");
                }
            }
        }

        Assert.True(broken.Count == 0, $"{broken.Count} broken link(s):\n{string.Join('\n', broken)}");
    }

    private static string? Problem(MarkdownPage page, string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = hash < 0 ? target : target[..hash];
        var anchor = hash < 0 ? null : target[(hash + 1)..];
        var file = path.Length == 0 ? page.Path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page.Path)!, Uri.UnescapeDataString(path)));
        if (!file.StartsWith(DocsPages.RepositoryRoot, StringComparison.Ordinal))
        {
            return "outside the repository";
        }

        if (!File.Exists(file) && !Directory.Exists(file))
        {
            return "no such file";
        }

        if (anchor is null)
        {
            return null;
        }

        if (!file.EndsWith(".md", StringComparison.Ordinal))
        {
            return "an anchor in a file that is not Markdown";
        }

        var anchors = file == page.Path ? page.Anchors : MarkdownPage.Read(file, DocsPages.RepositoryRoot).Anchors;
        return anchors.Contains(anchor) ? null : $"no heading makes the anchor #{anchor}";
    }

    [GeneratedRegex(@"\[[^\]]*\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex InlineCode();
}
