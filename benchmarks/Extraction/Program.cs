using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CitationMonitor.Domain.Text;
using CitationMonitor.Extraction;
using CitationMonitor.Extraction.Corpus;

// Usage: dotnet run -c Release --project benchmarks/Extraction -- [--corpus DIR] [--out PREDICTIONS.json] [--worst N] [--score-only]
// Every page of the corpus goes through ContentExtractor.Extract exactly as a fetched body does (its raw bytes, with a
// Content-Type of text/html and no charset, so the decoding is measured too); the texts are written as the scorer's
// predictions and the scorer (score.py, beside the pages) is run on them. Prints precision, recall and F1, the median
// and p99 milliseconds per page and the bytes allocated per page. Then the alterations (Alterations.cs): whether
// altering a passage of boilerplate leaves the text as it was, and altering one of main text changes it there
// (left out with --score-only).
var folder = Option("--corpus") ?? AnnotatedCorpus.Find(Directory.GetCurrentDirectory());
var output = Option("--out") ?? Path.Combine(Path.GetTempPath(), "citation-monitor-extraction-predictions.json");
var worst = Option("--worst") ?? "10";
if (folder is null || !File.Exists(Path.Combine(folder, "annotations.json")))
{
    Console.Error.WriteLine("The corpus was not found: give --corpus DIR (the folder with annotations.json, score.py and pages/).");
    return 2;
}

var corpus = AnnotatedCorpus.Load(folder);
var files = corpus.Pages.Select(page => page.File).ToList();
var bodies = corpus.Pages.ToDictionary(page => page.File, corpus.Body, StringComparer.Ordinal);

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

using (var scorer = Process.Start(new ProcessStartInfo("python3", [Path.Combine(folder, "score.py"), output, "--worst", worst])
{
    RedirectStandardOutput = true,
})!)
{
    Console.Write(await scorer.StandardOutput.ReadToEndAsync());
    await scorer.WaitForExitAsync();
    if (scorer.ExitCode != 0)
    {
        return scorer.ExitCode;
    }
}

if (args.Contains("--score-only"))
{
    return 0;
}

Console.WriteLine();
Alterations.Run(corpus, bodies, int.Parse(worst, CultureInfo.InvariantCulture),
    Path.Combine(Path.GetDirectoryName(output) ?? ".", "citation-monitor-extraction-alterations.txt"));
return 0;

string? Option(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
