namespace CitationMonitor.Sweep;

/// <summary>
/// The loopback web a sweep checks: <see cref="SitePages"/> on 127.0.0.10, 127.0.0.11, … (one address per site, one
/// port), served either by Kestrel in the benchmark's own process (<see cref="SiteFarm"/>, which records every request)
/// or by nginx over the same pages written out as files (<see cref="StaticWeb"/>, whose own CPU is small and measured
/// apart).
/// </summary>
internal interface IFakeWeb : IAsyncDisposable
{
    /// <summary>What serves the pages, for the report.</summary>
    string Description { get; }

    int Port { get; }

    string Url(int site, int page);

    /// <summary>Which version the changing pages serve: 1 for a first run, 2 for the run after it.</summary>
    Task SetGenerationAsync(int generation);

    /// <summary>Forgets what the sites saw so far, at the start of a sweep.</summary>
    void ResetRecording();

    /// <summary>What each site saw since <see cref="ResetRecording"/>; empty when the server keeps no such record.</summary>
    IReadOnlyList<SiteTraffic> Traffic();

    /// <summary>The processor time the server has used since it started (user and system).</summary>
    TimeSpan ServerCpu();

    /// <summary>Serves one page on the first site that links to every URL given, for a link checker; returns its URL.</summary>
    Task<string> PublishLinkListAsync(IReadOnlyList<string> urls);
}

/// <summary>Which server a run uses.</summary>
internal enum WebKind
{
    /// <summary>nginx when it is installed, else Kestrel.</summary>
    Auto,

    Kestrel,

    Nginx,
}

internal static class FakeWeb
{
    public static WebKind Parse(string value) => value switch
    {
        "auto" => WebKind.Auto,
        "kestrel" => WebKind.Kestrel,
        "nginx" => WebKind.Nginx,
        _ => throw new ArgumentException("--web is auto, kestrel or nginx"),
    };

    /// <summary>Starts the web asked for; <see cref="WebKind.Auto"/> falls back to Kestrel, and says so, when nginx is missing.</summary>
    public static async Task<IFakeWeb> StartAsync(WebKind kind, SitePages pages, string folder, TextWriter log)
    {
        if (kind == WebKind.Nginx && !StaticWeb.IsInstalled)
        {
            throw new FileNotFoundException($"{StaticWeb.Nginx} is not installed (apt-get install nginx), and --web nginx asks for it");
        }

        if (kind == WebKind.Auto && !StaticWeb.IsInstalled)
        {
            log.WriteLine($"{StaticWeb.Nginx} is not installed (apt-get install nginx): the pages are served by Kestrel in this process instead, whose CPU then includes the benchmark's own");
        }

        IFakeWeb web = kind == WebKind.Kestrel || !StaticWeb.IsInstalled
            ? await SiteFarm.StartAsync(pages)
            : await StaticWeb.StartAsync(pages, Path.Combine(folder, "web"), log);
        log.WriteLine($"Sites: {web.Description}");
        return web;
    }
}
