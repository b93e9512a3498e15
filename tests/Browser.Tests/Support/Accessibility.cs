using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CitationMonitor.Browser.Tests.Support;

/// <summary>axe-core run on a page as it stands, failing on what keeps people from using it.</summary>
public static class Accessibility
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>
    /// Runs axe on <paramref name="page"/> and fails on any serious or critical violation, listing each one's rule,
    /// impact, target selectors and help; lesser violations are written to <paramref name="output"/> only.
    /// </summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, ITestOutputHelper? output = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe();

        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).ToList();
        foreach (var minor in result.Violations.Except(blocking))
        {
            output?.WriteLine($"axe ({minor.Impact}): {Describe(minor)}");
        }

        Assert.True(
            blocking.Count == 0,
            $"axe found {blocking.Count} serious or critical accessibility violation(s) on {page.Url}:\n" +
            string.Join('\n', blocking.Select(v => $"- {v.Id} ({v.Impact}): {Describe(v)}")));
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Help}; at {string.Join(", ", violation.Nodes.Select(node => node.Target.ToString()))} ({violation.HelpUrl})";
}
