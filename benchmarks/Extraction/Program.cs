using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CitationMonitor.Domain.Text;

// Usage: dotnet run -c Release --project benchmarks/Extraction -- [--corpus DIR] [--out PREDICTIONS.json] [--worst N]
// Every page of the corpus goes through ContentExtractor.Extract exactly as a fetched body does (its raw bytes, with a
// Content-Type of text/html and no charset, so the decoding is measured too); the texts are written as the scorer's
// predictions and the scorer (score.py, beside the pages) is run on them. Prints precision, recall and F1, the median
// and p99 milliseconds per page and the bytes allocated per page.
var corpus = Option("--corpus") ?? FindCorpus();
var output = Option("--out") ?? Path.Combine(Path.GetTempPath(), "citation-monitor-extraction-predictions.json");
var worst = Option("--worst") ?? "10";
if (corpus is null || !File.Exists(Path.Combine(corpus, "annotations.json")))
{
    Console.Error.WriteLine("The corpus was not found: give --corpus DIR (the folder with annotations.json, score.py and pages/).");
    return 2;
}

using var annotations = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(corpus, "annotations.json")));
var files = annotations.RootElement.EnumerateObject().Select(page => page.Value.GetProperty("file").GetString()!).Distinct().Order(StringComparer.Ordinal).ToList();
var bodies = files.ToDictionary(file => file, file => Gunzip(Path.Combine(corpus, "pages", file)), StringComparer.Ordinal);

// One pass to warm up the JIT, then the measured pass.
foreach (var body in bodies.Values.Take(50))
{
    ContentExtractor.Extract(body, "text/html");
}

var predictions = new Dictionary<string, string>(StringComparer.Ordinal);
var times = new List<double>(files.Count);
var allocated = 0L;
foreach (var file in files)
{
    var before = GC.GetAllocatedBytesForCurrentThread();
    var started = Stopwatch.GetTimestamp();
    var extracted = ContentExtractor.Extract(bodies[file], "text/html");
    times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    allocated += GC.GetAllocatedBytesForCurrentThread() - before;
    predictions[file] = extracted.Text;
}

await File.WriteAllTextAsync(output, JsonSerializer.Serialize(predictions));
times.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{files.Count} pages: median {times[times.Count / 2]:F2} ms, p99 {times[(int)Math.Ceiling(0.99 * times.Count) - 1]:F2} ms, total {times.Sum() / 1000:F1} s, {allocated / files.Count / 1024.0:F0} KB allocated per page"));
Console.WriteLine($"predictions: {output}");

using var scorer = Process.Start(new ProcessStartInfo("python3", [Path.Combine(corpus, "score.py"), output, "--worst", worst])
{
    RedirectStandardOutput = true,
})!;
Console.Write(await scorer.StandardOutput.ReadToEndAsync());
await scorer.WaitForExitAsync();
return scorer.ExitCode;

string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;

static byte[] Gunzip(string path)
{
    using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
    using var bytes = new MemoryStream();
    input.CopyTo(bytes);
    return bytes.ToArray();
}

// The corpus lives beside the repository, in ../shared/corpora/extraction, from wherever the command starts.
static string? FindCorpus()
{
    for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
    {
        var candidate = Path.Combine(folder.FullName, "..", "shared", "corpora", "extraction");
        if (File.Exists(Path.Combine(candidate, "annotations.json")))
        {
            return Path.GetFullPath(candidate);
        }
    }

    return null;
}
