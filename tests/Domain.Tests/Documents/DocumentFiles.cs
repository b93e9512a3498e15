using System.Text;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Tests.Documents;

/// <summary>The document files under <c>tests/Fixtures/Documents</c>, and what tests compare of a document read.</summary>
internal static class DocumentFiles
{
    /// <summary>A BibTeX export as Zotero writes it (tabs, protected capitals, <c>urldate</c>, a DOI-only entry, an entry without URL).</summary>
    public const string ZoteroBibTex = "zotero.bib";

    /// <summary>The same library exported by Zotero as CSL-JSON.</summary>
    public const string ZoteroCslJson = "zotero.json";

    /// <summary>A statement page with a <c>&lt;base href&gt;</c>, relative links, site chrome, mailto/tel/javascript/ftp links.</summary>
    public const string StatementWithBase = "statement-with-base.html";

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Documents", name));

    public static string Text(string name) => Encoding.UTF8.GetString(Bytes(name));

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Midnight UTC of a day, as access dates are read.</summary>
    public static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What a test compares of each citation: the URL as cited, its context and its access date.</summary>
    public static (string Url, string Context, DateTimeOffset? AccessedAt)[] Cited(ReadDocument read) =>
        [.. read.Citations.Select(c => (c.Url, c.Context, c.AccessedAt))];

    public static (string Url, string Context, DateTimeOffset? AccessedAt)[] Cited(IEnumerable<CitedUrl> citations) =>
        [.. citations.Select(c => (c.Url, c.Context, c.AccessedAt))];

    public static (string Text, string Reason)[] Skipped(ReadDocument read) => [.. read.Skipped.Select(s => (s.Text, s.Reason))];
}
