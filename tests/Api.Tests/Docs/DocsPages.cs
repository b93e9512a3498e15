namespace CitationMonitor.Api.Tests.Docs;

/// <summary>The pages of the docs: the README and every page under <c>docs/</c>, read from the repository.</summary>
internal static class DocsPages
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>README.md, then docs/*.md in name order, as paths from the repository root.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "README.md",
        .. Directory.GetFiles(Path.Combine(RepositoryRoot, "docs"), "*.md")
            .Select(path => "docs/" + Path.GetFileName(path))
            .Order(StringComparer.Ordinal),
    ];

    public static MarkdownPage Read(string name) => MarkdownPage.Read(Path.Combine(RepositoryRoot, name), RepositoryRoot);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (with Monitor.sln) is not above the test assembly.");
    }
}
