using Microsoft.Playwright;

namespace CitationMonitor.Browser.Tests.Support;

/// <summary>
/// One headless Chromium for the whole test run, shared by every test in <see cref="BrowserCollection"/>: the system's
/// browser (Debian's <c>chromium</c> package, or the executable <c>MONITOR_CHROMIUM</c> names), never one downloaded.
/// Each test opens its own browser context on it, so tests share no cookies, storage or pages.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The environment variable that names another Chromium executable.</summary>
    public const string ExecutableVariable = "MONITOR_CHROMIUM";

    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The executable the tests drive: <c>MONITOR_CHROMIUM</c> when set, else <see cref="DefaultExecutable"/>.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } path ? path : DefaultExecutable;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not been started.");

    public async Task InitializeAsync()
    {
        var executable = ExecutablePath;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"No browser at {executable}. The browser tests drive the system's Chromium: install Debian's chromium package " +
                $"(sudo apt-get install chromium), or set {ExecutableVariable} to a Chromium executable.");
        }

        _playwright = await Playwright.CreateAsync();
        try
        {
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Timeout = 30_000,
                Args =
                [
                    // Nothing but loopback: no proxy, and every host name but 127.0.0.1 resolves to nothing.
                    "--no-proxy-server",
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                ],
            });
        }
        catch (PlaywrightException exception)
        {
            throw new InvalidOperationException(
                $"Could not start the browser at {executable} ({exception.Message}). The browser tests drive Debian's chromium " +
                $"package; install it (sudo apt-get install chromium), or set {ExecutableVariable} to a working Chromium executable.",
                exception);
        }
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>The tests that share the one <see cref="BrowserFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
