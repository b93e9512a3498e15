using System.Text.RegularExpressions;

namespace CitationMonitor.Architecture.Tests;

/// <summary>
/// The HTML extractor is a folder of small parts, one type and one job per file, behind a short facade, and no part
/// calls back into a part that calls it: read from the source files, where a use of another part's type by name is a
/// dependency.
/// </summary>
public sealed partial class ExtractorStructureTests
{
    private const string Folder = "src/Domain/Text/Html";
    private const string Facade = "HtmlTextExtractor";
    private const int MaxFacadeLines = 120;
    private const int MaxPartLines = 400;

    private static readonly IReadOnlyDictionary<string, string> Parts = ReadParts();

    [Fact]
    public void Each_file_holds_one_type_named_as_the_file()
    {
        Assert.True(Parts.Count >= 8, $"The extractor should be split into parts; found {Parts.Count} files in {Folder}.");
        foreach (var (name, source) in Parts)
        {
            var declared = TypeDeclaration().Matches(source).Select(m => m.Groups["name"].Value).ToList();
            Assert.True(declared.SequenceEqual([name]), $"{name}.cs declares {string.Join(", ", declared)}; expected only {name}.");
        }
    }

    [Fact]
    public void The_facade_is_short_and_every_part_small()
    {
        foreach (var (name, source) in Parts)
        {
            var lines = source.Split('\n').Length;
            var limit = name == Facade ? MaxFacadeLines : MaxPartLines;
            Assert.True(lines <= limit, $"{name}.cs has {lines} lines; at most {limit}.");
        }
    }

    [Fact]
    public void No_part_depends_on_a_part_that_depends_on_it()
    {
        var uses = Parts.ToDictionary(
            part => part.Key,
            part => Parts.Keys.Where(other => other != part.Key && Regex.IsMatch(WithoutComments(part.Value), $@"\b{other}\b")).ToList());
        foreach (var start in uses.Keys)
        {
            var cycle = CycleFrom(start, uses, [start]);
            Assert.True(cycle is null, $"A cycle between files: {string.Join(" → ", cycle ?? [])}.");
        }

        Assert.Empty(uses.Where(part => part.Value.Contains(Facade)).Select(part => part.Key));
    }

    private static List<string>? CycleFrom(string node, Dictionary<string, List<string>> uses, List<string> path)
    {
        foreach (var next in uses[node])
        {
            if (next == path[0])
            {
                return [.. path, next];
            }

            if (!path.Contains(next) && CycleFrom(next, uses, [.. path, next]) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    private static string WithoutComments(string source) => Comment().Replace(source, "");

    private static Dictionary<string, string> ReadParts()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Monitor.sln")))
        {
            folder = folder.Parent;
        }

        Assert.NotNull(folder);
        return Directory.GetFiles(Path.Combine(folder.FullName, Folder), "*.cs")
            .ToDictionary(path => Path.GetFileNameWithoutExtension(path)!, File.ReadAllText, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^(?:internal|public)\s+(?:static\s+|sealed\s+|partial\s+)*(?:class|record|struct)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex Comment();
}
