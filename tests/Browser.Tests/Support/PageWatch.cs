using Microsoft.Playwright;

namespace CitationMonitor.Browser.Tests.Support;

/// <summary>
/// What a page did that a test should hear of: console errors, uncaught script errors, Content-Security-Policy
/// violations (Chromium reports them on the console) and dialogs (alert, confirm, prompt), each dismissed.
/// </summary>
public sealed class PageWatch
{
    private readonly List<string> _consoleErrors = [];
    private readonly List<string> _cspViolations = [];
    private readonly List<string> _pageErrors = [];
    private readonly List<string> _dialogs = [];
    private readonly Lock _lock = new();

    private PageWatch()
    {
    }

    public IReadOnlyList<string> ConsoleErrors => Copy(_consoleErrors);

    public IReadOnlyList<string> CspViolations => Copy(_cspViolations);

    public IReadOnlyList<string> PageErrors => Copy(_pageErrors);

    /// <summary>Each dialog the page opened, as its type and message ("alert: 1").</summary>
    public IReadOnlyList<string> Dialogs => Copy(_dialogs);

    /// <summary>Starts watching <paramref name="page"/>; call before it navigates.</summary>
    public static PageWatch On(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var watch = new PageWatch();
        page.Console += (_, message) =>
        {
            var text = $"{message.Type}: {message.Text} ({message.Location})";
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                watch.Add(watch._cspViolations, text);
            }
            else if (message.Type == "error")
            {
                watch.Add(watch._consoleErrors, text);
            }
        };
        page.PageError += (_, error) => watch.Add(watch._pageErrors, error);
        page.Dialog += async (_, dialog) =>
        {
            watch.Add(watch._dialogs, $"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        return watch;
    }

    /// <summary>Fails listing everything recorded when the page logged an error, threw, broke its policy or opened a dialog.</summary>
    public void AssertQuiet()
    {
        var problems = Section("console errors", ConsoleErrors)
            .Concat(Section("Content-Security-Policy violations", CspViolations))
            .Concat(Section("uncaught errors", PageErrors))
            .Concat(Section("dialogs", Dialogs))
            .ToList();
        Assert.True(problems.Count == 0, "The page was not quiet:\n" + string.Join('\n', problems));
    }

    private static IEnumerable<string> Section(string heading, IReadOnlyList<string> entries) =>
        entries.Count == 0 ? [] : [$"{heading}:", .. entries.Select(entry => "  " + entry)];

    private void Add(List<string> list, string entry)
    {
        lock (_lock)
        {
            list.Add(entry);
        }
    }

    private IReadOnlyList<string> Copy(List<string> list)
    {
        lock (_lock)
        {
            return [.. list];
        }
    }
}
