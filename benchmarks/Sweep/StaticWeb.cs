using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CitationMonitor.Sweep;

/// <summary>
/// The local sites as static files behind Debian's nginx, run as a child process with a configuration of its own
/// (<c>daemon off</c>, pid, logs and temporary files in the work folder): one <c>server</c> per site address, every page
/// of <see cref="SitePages"/> written out once, so serving costs a file read and not a page rendered per request, and
/// the server's CPU is read from <c>/proc</c> apart from the tools'. The three kinds of site keep their behaviour:
/// validators by nginx's own <c>ETag</c> and <c>Last-Modified</c> (the file's time); stable with both removed; tokenized
/// with a new <c>$request_id</c> put into the search form of every answer by <c>sub_filter</c>. Missing pages are
/// absent files (a real 404 with the site's template), moved ones a <c>return 301</c>, changed ones rewritten between
/// runs. Keep-alive on, access log off, <c>worker_processes auto</c> (one worker per core).
/// </summary>
internal sealed class StaticWeb : IFakeWeb
{
    public const string Nginx = "/usr/sbin/nginx";

    private const string NotFoundFile = "_404.html";
    private const string LinkListPath = "/peers/links.html";

    /// <summary>The date the validator sites' pages were first published; a version moves it on by days.</summary>
    private static readonly DateTimeOffset Published = new(2021, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly SitePages _pages;
    private readonly string _folder;
    private readonly Process _nginx;
    private int _generation = 1;

    private StaticWeb(SitePages pages, string folder, Process nginx, int port)
    {
        _pages = pages;
        _folder = folder;
        _nginx = nginx;
        Port = port;
        Description = string.Create(CultureInfo.InvariantCulture,
            $"{Version()} over files written once, pid {nginx.Id}, worker_processes auto ({Environment.ProcessorCount} workers here), keep-alive on, access log off; its CPU read from /proc, apart from the tools'");
    }

    public static bool IsInstalled => File.Exists(Nginx);

    public int Port { get; }

    public string Description { get; }

    public string Url(int site, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"http://{SiteFarm.AddressOf(site)}:{Port}{SitePages.PathOf(page)}");

    public static async Task<StaticWeb> StartAsync(SitePages pages, string folder, TextWriter log)
    {
        Directory.CreateDirectory(folder);
        var started = Stopwatch.GetTimestamp();
        var bytes = WriteSites(pages, folder);
        log.WriteLine(FormattableString.Invariant(
            $"{pages.Sites} sites of {pages.PagesPerSite:N0} pages written as files ({bytes / 1024.0 / 1024:F0} MB) in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));

        var port = FreePort();
        var config = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(pages, folder, port));
        var start = new ProcessStartInfo(Nginx)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "-p", folder + "/", "-c", config, "-e", Path.Combine(folder, "error.log") })
        {
            start.ArgumentList.Add(argument);
        }

        var nginx = Process.Start(start)!;
        var web = new StaticWeb(pages, folder, nginx, port);
        await web.WaitListeningAsync();
        return web;
    }

    public Task SetGenerationAsync(int generation)
    {
        if (generation == _generation)
        {
            return Task.CompletedTask;
        }

        // Only the changing pages differ between generations; each is replaced whole (written beside, then renamed),
        // so a request never reads half a page.
        for (var site = 0; site < _pages.Sites; site++)
        {
            for (var page = 0; page < _pages.PagesPerSite; page++)
            {
                var facts = _pages.Facts(site, page);
                if (facts.Changes && !facts.Missing)
                {
                    WritePage(_pages, _folder, site, page, _pages.VersionOf(site, page, generation));
                }
            }
        }

        _generation = generation;
        return Task.CompletedTask;
    }

    /// <summary>nginx keeps no per-request record here: the access log is off, so logging costs the server nothing.</summary>
    public void ResetRecording()
    {
    }

    public IReadOnlyList<SiteTraffic> Traffic() => [];

    /// <summary>The master and its workers, plus any worker that ended (counted in the master's children).</summary>
    public TimeSpan ServerCpu() =>
        ProcFs.Cpu(_nginx.Id, withEndedChildren: true)
        + ProcFs.Tree(_nginx.Id).Skip(1).Aggregate(TimeSpan.Zero, (sum, pid) => sum + ProcFs.Cpu(pid));

    public async Task<string> PublishLinkListAsync(IReadOnlyList<string> urls)
    {
        var path = SitePath(_folder, 0, LinkListPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, LinkList(urls));
        return string.Create(CultureInfo.InvariantCulture, $"http://{SiteFarm.AddressOf(0)}:{Port}{LinkListPath}");
    }

    /// <summary>A page that links to every URL given, one list item each.</summary>
    public static string LinkList(IReadOnlyList<string> urls)
    {
        var html = new StringBuilder(urls.Count * 100);
        html.Append("<!DOCTYPE html>\n<html lang=\"es\">\n<head><meta charset=\"utf-8\"><title>Fuentes citadas</title></head>\n<body>\n<h1>Fuentes citadas</h1>\n<ol>\n");
        foreach (var url in urls)
        {
            html.Append("<li><a href=\"").Append(url).Append("\">").Append(url).Append("</a></li>\n");
        }

        return html.Append("</ol>\n</body>\n</html>\n").ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_nginx.HasExited)
        {
            // SIGTERM by the pid file: the master stops its workers; killing the master alone would leave them running.
            using var stop = Process.Start(new ProcessStartInfo(Nginx, ["-p", _folder + "/", "-c", Path.Combine(_folder, "nginx.conf"), "-s", "stop"])
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            })!;
            await stop.WaitForExitAsync();
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _nginx.WaitForExitAsync(exit.Token);
            }
            catch (OperationCanceledException)
            {
                _nginx.Kill(entireProcessTree: true);
            }
        }

        _nginx.Dispose();
    }

    private async Task WaitListeningAsync()
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(15))
        {
            if (_nginx.HasExited)
            {
                var error = await _nginx.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"nginx ended with exit code {_nginx.ExitCode}: {error.Trim()} (see {_folder}/error.log)");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(SiteFarm.AddressOf(_pages.Sites - 1), Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"nginx did not listen on port {Port} within 15 s (see {_folder}/error.log)");
    }

    private static long WriteSites(SitePages pages, string folder)
    {
        var bytes = 0L;
        Parallel.For(0, pages.Sites, site =>
        {
            var written = 0L;
            var root = SitePath(folder, site, "/");
            Directory.CreateDirectory(root);
            written += Write(Path.Combine(root, "index.html"), pages.Home(site), Published);
            written += Write(Path.Combine(root, NotFoundFile), pages.NotFound(site), Published);
            for (var page = 0; page < pages.PagesPerSite; page++)
            {
                if (!pages.Facts(site, page).Missing)
                {
                    written += WritePage(pages, folder, site, page, pages.VersionOf(site, page, 1));
                }
            }

            Interlocked.Add(ref bytes, written);
        });
        return bytes;
    }

    private static long WritePage(SitePages pages, string folder, int site, int page, int version)
    {
        var facts = pages.Facts(site, page);
        var path = SitePath(folder, site, facts.Redirected ? SitePages.MovedPathOf(page) : SitePages.PathOf(page));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // The tokenized sites get their token from nginx, per answer: the file holds the empty form field it replaces.
        return Write(path, pages.Page(site, page, version, token: null), Published.AddDays(version));
    }

    private static long Write(string path, string html, DateTimeOffset modified)
    {
        var bytes = Encoding.UTF8.GetBytes(html);
        var temporary = path + ".new";
        File.WriteAllBytes(temporary, bytes);
        // The validator sites' Last-Modified and ETag come from the file's time (and size), as on any static site.
        File.SetLastWriteTimeUtc(temporary, modified.UtcDateTime);
        File.Move(temporary, path, overwrite: true);
        return bytes.Length;
    }

    private static string SitePath(string folder, int site, string path) =>
        Path.Combine(folder, "sites", site.ToString("D3", CultureInfo.InvariantCulture)) + path;

    private static string Config(SitePages pages, string folder, int port)
    {
        var conf = new StringBuilder();
        conf.Append(CultureInfo.InvariantCulture, $$"""
            # Written by benchmarks/Sweep for one run; nothing listens beyond 127.0.0.0/8.
            daemon off;
            master_process on;
            worker_processes auto;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;

            """);
        if (Environment.UserName == "root")
        {
            // As root nginx would run its workers as nobody, who may not read a work folder under /root.
            conf.AppendLine("user root;").AppendLine();
        }

        conf.Append(CultureInfo.InvariantCulture, $$"""
            events {
                worker_connections 4096;
            }

            http {
                access_log off;
                server_tokens off;
                sendfile on;
                tcp_nopush on;
                keepalive_timeout 65s;
                keepalive_requests 10000;
                types {
                    text/html html;
                }
                default_type application/octet-stream;
                charset utf-8;
                client_body_temp_path {{folder}}/temp/body;
                proxy_temp_path {{folder}}/temp/proxy;
                fastcgi_temp_path {{folder}}/temp/fastcgi;
                uwsgi_temp_path {{folder}}/temp/uwsgi;
                scgi_temp_path {{folder}}/temp/scgi;

            """);
        Directory.CreateDirectory(Path.Combine(folder, "temp"));
        for (var site = 0; site < pages.Sites; site++)
        {
            conf.Append(CultureInfo.InvariantCulture, $$"""
                    server {
                        listen {{SiteFarm.AddressOf(site)}}:{{port}};
                        root {{SitePath(folder, site, "")}};
                        error_page 404 /{{NotFoundFile}};
                        location = /{{NotFoundFile}} {
                            internal;
                        }

                """);
            conf.Append(SitePages.KindOf(site) switch
            {
                // A conditional request is answered 304 when the page is no newer than the date sent, as the Kestrel sites do.
                SiteKind.Validators => "        if_modified_since before;\n",
                // No validators at all: nginx would otherwise send both for any file.
                SiteKind.Stable => "        etag off;\n        if_modified_since off;\n        add_header Last-Modified \"\";\n",
                // sub_filter drops Last-Modified and ETag itself; the token is the request's own 32 hex digits.
                _ => "        etag off;\n        if_modified_since off;\n        sub_filter 'name=\"csrf\" value=\"\"' 'name=\"csrf\" value=\"$request_id\"';\n",
            });
            for (var page = 0; page < pages.PagesPerSite; page++)
            {
                if (pages.Facts(site, page).Redirected)
                {
                    conf.Append(CultureInfo.InvariantCulture, $"        location = {SitePages.PathOf(page)} {{\n            return 301 {SitePages.MovedPathOf(page)};\n        }}\n");
                }
            }

            conf.Append("    }\n");
        }

        return conf.Append("}\n").ToString();
    }

    private static string Version()
    {
        using var process = Process.Start(new ProcessStartInfo(Nginx, "-v") { UseShellExecute = false, RedirectStandardError = true })!;
        var version = process.StandardError.ReadToEnd().Trim();
        process.WaitForExit();
        return version.Replace("nginx version: nginx/", "nginx ", StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(SiteFarm.AddressOf(0), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
