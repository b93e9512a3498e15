using System.Runtime.InteropServices;
using CitationMonitor.Sweep;

// dotnet run -c Release --project benchmarks/Sweep -- --max-concurrency 8,64   (BENCHMARKS.md has the results)
// dotnet run -c Release --project benchmarks/Sweep -- load                       (reads under writes)
// dotnet run -c Release --project benchmarks/Sweep -- source-page                (a source checked 10,000 times, its page)
// dotnet run -c Release --project benchmarks/Sweep -- peers                      (beside linkinator, urlwatch and wrk)
// dotnet run -c Release --project benchmarks/Sweep -- workers --provider postgres --workers 1,2,4   (many workers on PostgreSQL)
if (args.Length > 0 && args[0] == MonitorProcess.Command)
{
    return MonitorProcess.Run(args[1..]);
}

if (args.Length > 0 && args[0] == "load")
{
    if (CommandLine.Parse(a => LoadSettings.Parse(a), args[1..], LoadSettings.Usage) is not { } load)
    {
        return 2;
    }

    var loadFolder = Path.Combine(Path.GetTempPath(), $"citation-load-{Guid.NewGuid():N}");
    Directory.CreateDirectory(loadFolder);
    Console.WriteLine($"Load: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; work folder {loadFolder}");
    var exitCode = await LoadRunner.RunAsync(load, loadFolder, Console.Out);
    if (exitCode == 0)
    {
        Directory.Delete(loadFolder, recursive: true);
    }

    return exitCode;
}

if (args.Length > 0 && args[0] == "source-page")
{
    if (CommandLine.Parse(a => SourcePageSettings.Parse(a), args[1..], SourcePageSettings.Usage) is not { } page)
    {
        return 2;
    }

    var pageFolder = Path.Combine(Path.GetTempPath(), $"citation-source-page-{Guid.NewGuid():N}");
    Directory.CreateDirectory(pageFolder);
    Console.WriteLine($"Source page: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; work folder {pageFolder}");
    var pageExit = await SourcePageRunner.RunAsync(page, pageFolder, Console.Out);
    if (pageExit == 0 && !page.Keep)
    {
        Directory.Delete(pageFolder, recursive: true);
    }

    return pageExit;
}

if (args.Length > 0 && args[0] == "peers")
{
    if (CommandLine.Parse(a => PeerSettings.Parse(a), args[1..], PeerSettings.Usage) is not { } peers)
    {
        return 2;
    }

    return await PeersRunner.RunAsync(peers, Console.Out, Console.Error);
}

if (args.Length > 0 && args[0] == "workers")
{
    if (CommandLine.Parse(a => WorkersSettings.Parse(a), args[1..], WorkersSettings.Usage) is not { } workers)
    {
        return 2;
    }

    return await WorkersCommand.RunAsync(workers, Console.Out);
}

if (args.Length > 0 && args[0] == "reads")
{
    return await ReadsCommand.RunAsync(args[1..]);
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(SweepSettings.Usage);
    Console.WriteLine(LoadSettings.Usage);
    Console.WriteLine(SourcePageSettings.Usage);
    Console.WriteLine(PeerSettings.Usage);
    Console.WriteLine(WorkersSettings.Usage);
    return 0;
}

if (CommandLine.Parse(a => SweepSettings.Parse(a), args, SweepSettings.Usage) is not { } settings)
{
    return 2;
}

var folder = settings.WorkFolder ?? Path.Combine(Path.GetTempPath(), $"citation-sweep-{Guid.NewGuid():N}");
Directory.CreateDirectory(folder);
Console.WriteLine($"Sweep: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; work folder {folder}");
Console.WriteLine($"Load average at start: {SweepRunner.LoadAverage()}");

var pages = new SitePages(settings.Hosts, (settings.Citations + settings.Hosts - 1) / settings.Hosts, settings.MissingShare, settings.ChangedShare, settings.RedirectedShare);
var results = new List<SweepResult>();
await using (var farm = await FakeWeb.StartAsync(settings.Web, pages, folder, Console.Out))
{
    Console.WriteLine($"{settings.Hosts} sites on 127.0.0.10 to 127.0.0.{9 + settings.Hosts}, port {farm.Port}");
    var runner = new SweepRunner(settings, farm, folder, Console.Out);
    foreach (var concurrency in settings.MaxConcurrency)
    {
        results.AddRange(await runner.RunAsync(concurrency));
    }
}

Console.WriteLine($"Load average at end: {SweepRunner.LoadAverage()}");
Console.WriteLine();
Console.WriteLine(SweepReport.Render(settings, results));
if (!settings.Keep && settings.WorkFolder is null)
{
    Directory.Delete(folder, recursive: true);
}

return 0;
