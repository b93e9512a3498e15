using System.Net;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CitationMonitor.Browser.Tests.Support;

/// <summary>
/// A test over its own monitor (a fresh database, served by real Kestrel on 127.0.0.1 and a port the system picks) and
/// its own browser context on the shared browser, with one page already open and watched. Derived classes carry
/// <c>[Collection(BrowserCollection.Name)]</c> and take the <see cref="BrowserFixture"/> and the test output.
/// </summary>
public abstract class BrowserTest(BrowserFixture browser, ITestOutputHelper output, IDictionary<string, string?>? settings = null)
    : IAsyncLifetime
{
    /// <summary>How long a browser action or expectation may wait before it fails.</summary>
    private const float TimeoutMilliseconds = 20_000;

    protected MonitorApiFactory Factory { get; } = new(settings);

    /// <summary>The browser the run shares, for a test that needs a context of its own (another language, another origin).</summary>
    protected IBrowser Browser => browser.Browser;

    protected ITestOutputHelper Output { get; } = output;

    /// <summary>The monitor's address, <c>http://127.0.0.1:port/</c>.</summary>
    protected Uri MonitorUri { get; private set; } = null!;

    /// <summary>An HTTP client to the monitor over real HTTP, the way the browser reaches it.</summary>
    protected HttpClient Client { get; private set; } = null!;

    /// <summary>The test's own browser context; relative URLs resolve against <see cref="MonitorUri"/>.</summary>
    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>What <see cref="Page"/> logged, threw, violated or opened.</summary>
    protected PageWatch Watch { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        MonitorUri = new Uri(address.TrimEnd('/') + "/");
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = MonitorUri };

        Context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = MonitorUri.AbsoluteUri,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        Context.SetDefaultTimeout(TimeoutMilliseconds);
        Context.SetDefaultNavigationTimeout(TimeoutMilliseconds);
        Assertions.SetDefaultExpectTimeout(TimeoutMilliseconds);
        Page = await Context.NewPageAsync();
        Watch = PageWatch.On(Page);
    }

    public virtual async Task DisposeAsync()
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }

        Client?.Dispose();
        await Factory.DisposeAsync();
    }

    /// <summary>Opens <paramref name="path"/> (relative to the monitor) in <see cref="Page"/> and fails unless it answers 200.</summary>
    protected async Task<IResponse> OpenAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.NotNull(response);
        Assert.True(response.Status == 200, $"GET {path} answered {response.Status} {response.StatusText}.");
        return response;
    }

    /// <summary>
    /// Waits until <see cref="Page"/> is at a URL matching <paramref name="url"/> and its main landmark is in the document.
    /// It waits on no load state: after a form POST answered 303, Playwright has been seen to miss the new document's
    /// lifecycle events (its load and even its commit), and a wait for them then fails a test whose page had arrived. The
    /// URL and the landmark are polled instead, as every assertion that follows polls what it needs.
    /// </summary>
    protected async Task ArriveAtAsync(System.Text.RegularExpressions.Regex url)
    {
        await Assertions.Expect(Page).ToHaveURLAsync(url);
        await Assertions.Expect(Page.Locator("main#main")).ToBeAttachedAsync();
    }

    /// <summary>
    /// Saves a full-page PNG of <paramref name="page"/> as <c>screenshots/{name}.png</c> under the test output directory,
    /// writes its path to the test output and returns it.
    /// </summary>
    protected async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var invalid = Path.GetInvalidFileNameChars();
        var fileName = new string([.. name.Select(c => invalid.Contains(c) || char.IsWhiteSpace(c) ? '-' : c)]) + ".png";
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Output.WriteLine($"Screenshot: {path}");
        return path;
    }

    /// <summary>Adds a citation of <paramref name="url"/> to the monitor; returns its id.</summary>
    protected async Task<long> AddCitationAsync(string url)
    {
        using var response = await Client.PostJsonAsync("/api/citations", new { url });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>Has the monitor check citation <paramref name="id"/> now.</summary>
    protected async Task CheckAsync(long id)
    {
        using var response = await Client.PostAsync($"/api/citations/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The ids of citation <paramref name="id"/>'s changes, newest first.</summary>
    protected async Task<IReadOnlyList<long>> ChangeIdsAsync(long id)
    {
        using var response = await Client.GetAsync($"/api/citations/{id}/changes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(change => change.GetProperty("id").GetInt64())];
    }

    /// <summary>Runs axe on <paramref name="page"/>; fails on any serious or critical violation (see <see cref="Accessibility"/>).</summary>
    protected Task AssertAccessibleAsync(IPage page) => Accessibility.AssertNoSeriousViolationsAsync(page, Output);
}
