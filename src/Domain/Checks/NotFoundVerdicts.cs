using System.Text;

namespace CitationMonitor.Domain.Checks;

/// <summary>
/// The soft-404 verdicts that need an <c>ok</c> answer's main text: a short main text that is a not-found phrase
/// (<see cref="CheckReasons.ErrorPhrase"/>), and an answer that is the host's own not-found answer, by its text or by
/// the page it ended on (<see cref="CheckReasons.HostNotFoundTemplate"/>, see <see cref="NotFoundTemplate"/>).
/// </summary>
public static class NotFoundVerdicts
{
    private const int ScriptShellMaxWords = 60;

    /// <summary>The verdict of a main text that says the page is not there; null when it reads like a page.</summary>
    public static SoftErrorVerdict? ByPhrase(string mainText) =>
        SoftErrorRules.FindErrorSentence(mainText) is { } sentence
            ? new SoftErrorVerdict(CheckStatus.Soft404, CheckReasons.ErrorPhrase, $"error page: \"{sentence}\"")
            : null;

    /// <summary>
    /// The verdict of an answer that is the host's answer to a path that cannot exist; null when it is not. The body and
    /// main text tell a single-page application's script shell, served alike at every path, from a not-found page.
    /// </summary>
    public static SoftErrorVerdict? ByTemplate(ProbeAnswer probe, CitedAnswer answer, ReadOnlySpan<byte> body, string mainText)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return NotFoundTemplate.Match(probe, answer) switch
        {
            // A single-page application serves one script shell ("You need to enable JavaScript to run this app") at every
            // path, real or not: the same text as the probe's, but no sign that the page is gone. Its citations cannot be
            // read without running scripts; calling them soft 404s would mark a whole live site broken.
            NotFoundTemplateMatch.SameText when IsScriptShell(body, mainText) => null,
            NotFoundTemplateMatch.SameText => new SoftErrorVerdict(
                CheckStatus.Soft404, CheckReasons.HostNotFoundTemplate, $"the host's not-found page: the same text as its answer to {probe.Url}"),
            NotFoundTemplateMatch.SameFinalUrl => new SoftErrorVerdict(
                CheckStatus.Soft404, CheckReasons.HostNotFoundTemplate,
                $"redirected to {probe.FinalUrl}, where the host also sends a path that cannot exist"),
            _ => null,
        };
    }

    /// <summary>
    /// A short visible text, and markup that asks for scripts: a <c>noscript</c> notice about JavaScript, or an
    /// Angular root element. Looked for in the first 64 KB of the raw bytes (tags and these words are ASCII).
    /// </summary>
    private static bool IsScriptShell(ReadOnlySpan<byte> body, string text)
    {
        if (text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > ScriptShellMaxWords)
        {
            return false;
        }

        var head = Encoding.Latin1.GetString(body[..Math.Min(body.Length, 64 * 1024)]);
        return (head.Contains("<noscript", StringComparison.OrdinalIgnoreCase) && head.Contains("javascript", StringComparison.OrdinalIgnoreCase))
            || head.Contains("<app-root", StringComparison.OrdinalIgnoreCase);
    }
}
