namespace CitationMonitor.Api.Tests.Docs;

/// <summary>A fenced code block of a Markdown page: its info string (<c>sh</c>, <c>json</c>, <c>http</c>...), its lines, and where it is.</summary>
/// <param name="Info">The fence's info string, trimmed (<c>""</c> when none).</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Lines">The block's lines, without the fences and without the fence's indentation.</param>
/// <param name="FollowsBlock">True when only blank lines stand between this block and the previous one.</param>
internal sealed record FencedBlock(string Info, int Line, IReadOnlyList<string> Lines, bool FollowsBlock)
{
    /// <summary>The first word of the info string: the block's language.</summary>
    public string Language => Info.Split(' ', 2)[0];

    public string Text => string.Join('\n', Lines);
}

/// <summary>
/// A Markdown page of the docs read as the docs tests need it: its fenced blocks, and its prose lines (outside blocks)
/// with their numbers, for links and headings.
/// </summary>
internal sealed class MarkdownPage
{
    private MarkdownPage(string path, string relativePath, IReadOnlyList<FencedBlock> blocks, IReadOnlyList<(int Line, string Text)> prose)
    {
        Path = path;
        RelativePath = relativePath;
        Blocks = blocks;
        Prose = prose;
    }

    public string Path { get; }

    /// <summary>The path from the repository root, with forward slashes (<c>docs/api.md</c>): how failures name the page.</summary>
    public string RelativePath { get; }

    public IReadOnlyList<FencedBlock> Blocks { get; }

    public IReadOnlyList<(int Line, string Text)> Prose { get; }

    /// <summary>The anchors of the page's headings, as GitHub makes them.</summary>
    public IReadOnlySet<string> Anchors => HeadingAnchors.Of(Prose.Select(p => p.Text));

    public static MarkdownPage Read(string path, string repositoryRoot)
    {
        var lines = File.ReadAllLines(path);
        var blocks = new List<FencedBlock>();
        var prose = new List<(int, string)>();
        var proseSinceLastBlock = true;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                prose.Add((i + 1, lines[i]));
                proseSinceLastBlock |= trimmed.Length > 0;
                continue;
            }

            var indent = lines[i].Length - trimmed.Length;
            var start = i;
            var body = new List<string>();
            while (++i < lines.Length && lines[i].Trim() != "```")
            {
                body.Add(Unindent(lines[i], indent));
            }

            blocks.Add(new FencedBlock(trimmed[3..].Trim(), start + 1, body, FollowsBlock: !proseSinceLastBlock));
            proseSinceLastBlock = false;
        }

        var relative = System.IO.Path.GetRelativePath(repositoryRoot, path).Replace('\\', '/');
        return new MarkdownPage(path, relative, blocks, prose);
    }

    private static string Unindent(string line, int indent)
    {
        var spaces = line.Length - line.TrimStart(' ').Length;
        return line[Math.Min(spaces, indent)..];
    }
}
