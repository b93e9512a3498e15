using System.Text.RegularExpressions;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>One thing an example of the docs makes the test do, at a line of a page.</summary>
/// <param name="Line">The 1-based line of the command in its page.</param>
/// <param name="Command">The command as written (continuation lines joined).</param>
internal sealed record DocStep(int Line, string Command)
{
    /// <summary>A <c>curl</c> command to send to the monitor.</summary>
    public CurlCommand? Curl { get; init; }

    /// <summary>For <c>dotnet run --project src/Api [-- --Key=value...]</c>: the monitor is (re)started with these settings.</summary>
    public IReadOnlyDictionary<string, string>? Start { get; init; }

    /// <summary>The answer shown right after the command's block, for the last command of the block.</summary>
    public ShownAnswer? Answer { get; init; }

    /// <summary>Why the example is not run (its block starts with <c># not run by the docs test: reason</c>).</summary>
    public string? NotRunBecause { get; init; }

    /// <summary>Why the command cannot be read: a failure of the page.</summary>
    public string? Error { get; init; }
}

/// <summary>
/// The examples of a page, by the convention written down in docs/README.md: in a <c>sh</c> block, every <c>curl</c>
/// command is sent to the monitor and every <c>dotnet run --project src/Api</c> (re)starts it with the settings given
/// after <c>--</c>; other commands are not run. A <c>json</c> or <c>http</c> block right after (only blank lines
/// between) is the answer of the block's last <c>curl</c> command.
/// </summary>
internal static partial class DocExamples
{
    public const string NotRunMarker = "# not run by the docs test:";

    private static readonly HashSet<string> ShellLanguages = new(StringComparer.Ordinal) { "sh", "bash", "shell", "console" };

    public static IReadOnlyList<DocStep> Read(MarkdownPage page)
    {
        var steps = new List<DocStep>();
        var blocks = page.Blocks;
        for (var b = 0; b < blocks.Count; b++)
        {
            if (!ShellLanguages.Contains(blocks[b].Language))
            {
                continue;
            }

            var commands = Commands(blocks[b]).ToList();
            var answerBlock = b + 1 < blocks.Count && blocks[b + 1].FollowsBlock && blocks[b + 1].Language is "json" or "http" ? blocks[b + 1] : null;
            var lastCurl = commands.FindLastIndex(c => c.Curl is not null);
            if (answerBlock is not null && lastCurl >= 0)
            {
                commands[lastCurl] = WithAnswer(commands[lastCurl], answerBlock);
            }

            steps.AddRange(commands);
        }

        return steps;
    }

    private static DocStep WithAnswer(DocStep step, FencedBlock answer)
    {
        try
        {
            return step with { Answer = ShownAnswer.From(answer) };
        }
        catch (FormatException e)
        {
            return step with { Error = $"the answer at line {answer.Line} cannot be read: {e.Message}" };
        }
    }

    private static IEnumerable<DocStep> Commands(FencedBlock block)
    {
        var first = block.Lines.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        var notRun = first.StartsWith(NotRunMarker, StringComparison.Ordinal) ? first[NotRunMarker.Length..].Trim() : null;
        foreach (var (line, command) in LogicalLines(block))
        {
            var step = Step(line, command);
            if (step is not null)
            {
                yield return notRun is null ? step
                    : notRun.Length == 0 ? step with { Error = $"'{NotRunMarker}' needs a reason after it" }
                    : new DocStep(line, command) { NotRunBecause = notRun };
            }
        }
    }

    /// <summary>Lines joined where they end in a backslash, each with the page line it starts on.</summary>
    private static IEnumerable<(int Line, string Command)> LogicalLines(FencedBlock block)
    {
        var start = 0;
        var command = "";
        for (var i = 0; i < block.Lines.Count; i++)
        {
            var text = block.Lines[i];
            if (command.Length == 0)
            {
                start = block.Line + 1 + i;
            }

            if (text.EndsWith('\\'))
            {
                command += text[..^1] + " ";
                continue;
            }

            command += text;
            if (command.Trim().Length > 0)
            {
                yield return (start, command.Trim());
            }

            command = "";
        }
    }

    private static DocStep? Step(int line, string command)
    {
        IReadOnlyList<ShellWord> words;
        try
        {
            words = ShellWords.Split(command);
        }
        catch (FormatException e)
        {
            return new DocStep(line, command) { Error = e.Message };
        }

        var environment = words.TakeWhile(w => !w.IsOperator && Assignment().IsMatch(w.Text)).Select(w => w.Text).ToList();
        var rest = words.Skip(environment.Count).ToList();
        var program = rest.FirstOrDefault()?.Text;
        var isApiStart = program == "dotnet" && rest.Any(w => w.Text == "run") && rest.Any(w => w.Text == "src/Api");
        if (program != "curl" && !isApiStart)
        {
            return null;
        }

        var step = new DocStep(line, command);
        if (rest.Any(w => w.IsOperator))
        {
            return step with { Error = "a command with | && ; or a redirection cannot be run: show the command alone" };
        }

        if (program == "dotnet")
        {
            return step with { Start = Settings(environment, rest) };
        }

        try
        {
            return step with { Curl = CurlCommand.Parse([.. rest.Skip(1).Select(w => w.Text)]) };
        }
        catch (FormatException e)
        {
            return step with { Error = e.Message };
        }
    }

    /// <summary>Settings as .NET reads them: <c>Monitor__Fetch__Timeout=…</c> before the command, <c>--Monitor:Fetch:Timeout=…</c> after <c>--</c>.</summary>
    private static Dictionary<string, string> Settings(IEnumerable<string> environment, IReadOnlyList<ShellWord> words)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assignment in environment)
        {
            var (key, value) = SplitAssignment(assignment);
            settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        var arguments = words.Select(w => w.Text).SkipWhile(w => w != "--").Skip(1).ToList();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i].TrimStart('-');
            if (argument.Contains('=', StringComparison.Ordinal))
            {
                var (key, value) = SplitAssignment(argument);
                settings[key] = value;
            }
            else if (i + 1 < arguments.Count)
            {
                settings[argument] = arguments[++i];
            }
        }

        return settings;
    }

    private static (string Key, string Value) SplitAssignment(string text)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        return (text[..at], text[(at + 1)..]);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*=")]
    private static partial Regex Assignment();
}
