using System.IO.Compression;
using System.Text.Json;

namespace CitationMonitor.Extraction.Corpus;

/// <summary>One annotated page: its file under <c>pages/</c> and its passages of main text and of boilerplate.</summary>
/// <param name="Url">The page's original address (the key in <c>annotations.json</c>).</param>
/// <param name="File">The gzipped raw bytes' file name, e.g. <c>4d36cebfbc0486a5.html.gz</c>.</param>
/// <param name="With">Passages of main text, which the extracted text must contain.</param>
/// <param name="Without">Passages of boilerplate, which it must not contain.</param>
public sealed record AnnotatedPage(string Url, string File, IReadOnlyList<string> With, IReadOnlyList<string> Without);

/// <summary>
/// The annotated pages in <c>../shared/corpora/extraction</c> (kept out of this repository): <c>annotations.json</c>
/// and <c>pages/*.html.gz</c>. Shared, as source, by <c>benchmarks/Extraction</c> and <c>tests/Domain.Tests</c>.
/// </summary>
public sealed class AnnotatedCorpus
{
    private AnnotatedCorpus(string folder, IReadOnlyList<AnnotatedPage> pages) => (Folder, Pages) = (folder, pages);

    /// <summary>The corpus folder, with <c>annotations.json</c>, <c>score.py</c> and <c>pages/</c>.</summary>
    public string Folder { get; }

    /// <summary>Every page, ordered by file name.</summary>
    public IReadOnlyList<AnnotatedPage> Pages { get; }

    /// <summary>
    /// The corpus beside the repository, <c>../shared/corpora/extraction</c> seen from <paramref name="start"/> or any
    /// folder above it (so from the repository root, a project folder or a test's output folder alike); null when none has it.
    /// </summary>
    public static string? Find(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "..", "shared", "corpora", "extraction");
            if (File.Exists(Path.Combine(candidate, "annotations.json")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    /// <summary>Reads <c>annotations.json</c> in <paramref name="folder"/> (the pages are read one by one, by <see cref="Body"/>).</summary>
    public static AnnotatedCorpus Load(string folder)
    {
        using var annotations = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "annotations.json")));
        var pages = annotations.RootElement.EnumerateObject()
            .Select(page => new AnnotatedPage(
                page.Name,
                page.Value.GetProperty("file").GetString()!,
                Strings(page.Value.GetProperty("with")),
                Strings(page.Value.GetProperty("without"))))
            .DistinctBy(page => page.File, StringComparer.Ordinal)
            .OrderBy(page => page.File, StringComparer.Ordinal)
            .ToList();
        return new AnnotatedCorpus(folder, pages);
    }

    /// <summary>The page whose file is <paramref name="file"/>.</summary>
    public AnnotatedPage Page(string file) =>
        Pages.SingleOrDefault(page => page.File == file) ?? throw new ArgumentException($"The corpus has no page {file}.", nameof(file));

    /// <summary>The page's raw bytes, as its server sent them (un-gzipped).</summary>
    public byte[] Body(AnnotatedPage page)
    {
        using var input = new GZipStream(File.OpenRead(Path.Combine(Folder, "pages", page.File)), CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        input.CopyTo(bytes);
        return bytes.ToArray();
    }

    private static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];
}
