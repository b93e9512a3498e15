using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

/// <summary>
/// A redirect whose Location is malformed is never followed and never judged as the final answer: the check ends as
/// <c>invalid_url</c>, reason <c>malformed_url</c>, with the hop recorded and the error saying what is wrong. The
/// Locations are sent byte for byte by a bare TCP server on loopback, since Kestrel refuses to send most of them.
/// </summary>
public sealed class MalformedRedirectTests
{
    /// <summary>Malformed Locations ({port} is the server's own) and a word the error must hold.</summary>
    public static TheoryData<string, string> MalformedLocations() => new()
    {
        // Backslashes, which browsers read as slashes and servers as path characters: where would the fetch go?
        { @"http:\\127.0.0.1:{port}/target", "backslash" },
        { @"http:\\127.0.0.1:{port}\target", "backslash" },
        { @"https:\\example.org/", "backslash" },
        { @"/\127.0.0.1:{port}/target", "backslash" },
        { @"\\example.org\target", "backslash" },
        { @"http://127.0.0.1:{port}\target", "backslash" },
        // Spaces and control characters.
        { "http://127.0.0.1:{port}/a b", "spaces" },
        { "/a b", "spaces" },
        { "http://exa mple.org/", "spaces" },
        { "http://127.0.0.1:{port}/a\tb", "control" },
        { "http://127.0.0.1:{port}/a\u0001b", "control" },
        { "http://127.0.0.1:{port}/a\u007fb", "control" },
        { "/target\u0000", "control" },
        // No host.
        { "http:///target", "host" },
        { "http://", "host" },
        { "http:/target", "host" },
        { "https:target", "host" },
        { "//", "host" },
        { "http://:{port}/target", "host" },
        { "http://?q=1", "host" },
        // Bad ports and hosts.
        { "http://127.0.0.1:99999/target", "port" },
        { "http://127.0.0.1:abc/target", "port" },
        { "http://127.0.0.1:-1/target", "port" },
        { "//127.0.0.1:0/target", "port" },
        { "http://[::1/target", "IPv6" },
        { "http://999.0.0.1/target", "IPv4" },
        { "http://exa!mple.org/", "host" },
        // Nothing at all.
        { "", "empty" },
    };

    [Theory]
    [MemberData(nameof(MalformedLocations))]
    public async Task Fetch_RedirectToMalformedLocation_IsInvalidUrlWithReasonAndNothingMoreIsFetched(string location, string said)
    {
        await using var server = new RawHttpServer((port, _) => Redirect(location.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/start"));

        Assert.Equal(CheckStatus.InvalidUrl, result.Status);
        Assert.Equal(CheckReasons.MalformedUrl, result.Reason);
        Assert.StartsWith("redirect to a malformed URL: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(said, result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(302, result.HttpStatus);
        Assert.Equal([new RedirectHop(server.Url("/start"), 302)], result.Redirects);
        Assert.Equal(server.Url("/start"), result.FinalUrl);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Fetch_RedirectWithTwoDifferentLocations_IsInvalidUrl()
    {
        await using var server = new RawHttpServer((port, _) => Encoding.ASCII.GetBytes(
            $"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{port}/one\r\nLocation: http://127.0.0.1:{port}/two\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/start"));

        Assert.Equal(CheckStatus.InvalidUrl, result.Status);
        Assert.Equal(CheckReasons.MalformedUrl, result.Reason);
        Assert.Contains("several Location headers", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    /// <summary>Locations that look odd but are well formed: followed as before.</summary>
    [Theory]
    [InlineData("/target")]
    [InlineData("target")]
    [InlineData("//127.0.0.1:{port}/target")]
    [InlineData("http://127.0.0.1:{port}/target")]
    [InlineData("HTTP://127.0.0.1:{port}/target")]
    [InlineData(@"/target?path=C:\informes\2020")]
    [InlineData("/target#part")]
    [InlineData("/target%20with%20escapes")]
    public async Task Fetch_RedirectToWellFormedLocation_IsFollowed(string location)
    {
        await using var server = new RawHttpServer((port, target) => target == "/start"
            ? Redirect(location.Replace("{port}", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
            : Page());
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/start"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Single(result.Redirects);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Fetch_RedirectToAPathInRawUtf8_IsFollowed()
    {
        // "/café-à—informe" as UTF-8 bytes: read as Latin-1 they hold a no-break space and C1 controls, which are not the
        // spaces and control characters a malformed Location has.
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 302 Found\r\nLocation: /caf")
            .Concat(Encoding.UTF8.GetBytes("é-à—informe"))
            .Concat(Encoding.ASCII.GetBytes("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
            .ToArray();
        await using var server = new RawHttpServer((_, target) => target == "/start" ? answer : Page());
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/start"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(2, server.Requests);
    }

    private static byte[] Redirect(string location) =>
        Encoding.Latin1.GetBytes($"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

    private static byte[] Page()
    {
        const string body = "<html><head><title>Informe</title></head><body><p>El informe anual de la comisión.</p></body></html>";
        var bytes = Encoding.UTF8.GetBytes(body);
        return [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n"), .. bytes];
    }
}
