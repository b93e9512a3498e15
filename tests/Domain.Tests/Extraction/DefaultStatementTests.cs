using System.Text.Json;
using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Tests.Extraction;

/// <summary>The statement bundled with the project (src/Infrastructure/Seeding/default-statement.json) yields the sources it cites.</summary>
public sealed class DefaultStatementTests
{
    private static readonly Lazy<JsonElement> Statement = new(Load);

    private static IReadOnlyList<CitedUrl> Cited => CitationExtractor.Extract(Statement.Value.GetProperty("text").GetString()!);

    [Fact]
    public void Statement_HasTitleDescriptionAndNoSourceUrl()
    {
        Assert.False(string.IsNullOrWhiteSpace(Statement.Value.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(Statement.Value.GetProperty("description").GetString()));
        Assert.Equal(JsonValueKind.Null, Statement.Value.GetProperty("sourceUrl").ValueKind);
    }

    [Fact]
    public void Extract_Statement_FindsElevenOccurrencesOfTenSources()
    {
        Assert.Equal(11, Cited.Count);
        Assert.Equal(10, Cited.Select(c => c.Normalized.Key).Distinct().Count());
    }

    [Fact]
    public void Extract_Statement_DropsFbclidFromTheCbpUrl()
    {
        var cbp = Assert.Single(Cited, c => c.Normalized.Host == "www.cbp.gov");

        Assert.Contains("fbclid=", cbp.Url, StringComparison.Ordinal);
        Assert.Equal(
            "https://www.cbp.gov/newsroom/speeches-and-statements/declaraci-n-del-comisionado-de-cbp-mark-morgan-sobre-la-potencial",
            cbp.Normalized.Url);
    }

    [Fact]
    public void Extract_Statement_KeepsStatePublishedOnBothGobMxPressReleases()
    {
        var releases = Cited.Where(c => c.Normalized.Url.StartsWith("https://www.gob.mx/sre/prensa/", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, releases.Count);
        Assert.All(releases, r => Assert.EndsWith("?state=published", r.Normalized.Url, StringComparison.Ordinal));
        Assert.Contains(releases, r => r.Normalized.Url.Contains("mexico-el-salvador-guatemala-y-honduras-presentan", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_Statement_KeepsTheRefworldQueryInOrder()
    {
        var refworld = Assert.Single(Cited, c => c.Normalized.Host == "www.refworld.org");

        Assert.Equal("https://www.refworld.org/cgi-bin/texis/vtx/rwmain/opendocpdf.pdf?reldoc=y&docid=5e786ab14", refworld.Normalized.Url);
    }

    [Fact]
    public void Extract_Statement_CountsBothOasSpellingsAsOneSource()
    {
        var oas = Cited.Where(c => c.Normalized.Host == "www.oas.org").ToList();

        Assert.Equal(2, oas.Count);
        Assert.Equal(["http://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", "https://www.oas.org/es/cidh/prensa/comunicados/2020/027.asp"], oas.Select(c => c.Url));
        Assert.Single(oas.Select(c => c.Normalized.Key).Distinct());
        Assert.Equal("www.oas.org/es/cidh/prensa/comunicados/2020/027.asp", oas[0].Normalized.Key);
        Assert.NotEqual(oas[0].Line, oas[1].Line);
        Assert.NotEqual(oas[0].Context, oas[1].Context);
    }

    [Fact]
    public void Extract_Statement_CitesThreePdfs()
    {
        var pdfs = Cited
            .Select(c => new Uri(c.Normalized.Url))
            .Where(u => u.AbsolutePath.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase))
            .Select(u => u.Host)
            .Distinct()
            .Order()
            .ToList();

        Assert.Equal(["www.cndh.org.mx", "www.gob.mx", "www.refworld.org"], pdfs);
    }

    [Fact]
    public void Extract_Statement_DropsTwitterShareParameter()
    {
        var tweet = Assert.Single(Cited, c => c.Normalized.Host == "twitter.com");

        Assert.Equal("https://twitter.com/guatemalagob/status/1349698873988689926", tweet.Normalized.Url);
    }

    [Fact]
    public void Extract_Statement_JoinsNoTwoLines()
    {
        var lines = Statement.Value.GetProperty("text").GetString()!.Split('\n');

        Assert.All(Cited, c => Assert.Equal(lines[c.Line - 1].Trim(), c.Url));
    }

    private static JsonElement Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var path = Path.Combine(directory.FullName, "src", "Infrastructure", "Seeding", "default-statement.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
