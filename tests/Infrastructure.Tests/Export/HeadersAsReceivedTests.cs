using System.Net;
using System.Net.Sockets;
using System.Text;
using CitationMonitor.Infrastructure.Export;
using CitationMonitor.TestSupport.Hosts;

namespace CitationMonitor.Infrastructure.Tests.Export;

/// <summary>
/// A server writing its answer byte by byte (a custom reason phrase, a Server header with comments, a header value in
/// UTF-8 bytes, one header repeated): the capture keeps every value as sent, and the WARC block gives the same bytes back.
/// </summary>
public sealed class HeadersAsReceivedTests
{
    private static readonly byte[] Head = Encoding.Latin1.GetBytes(
        "HTTP/1.1 200 Custom Reason Here\r\n" +
        "Server: Weird/1.0 (Linux)\r\n" +
        "X-Name: " + Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("Ñandú")) + "\r\n" +
        "X-Dup: 1\r\n" +
        "X-Dup: 2\r\n" +
        "Content-Type: text/html; charset=utf-8\r\n" +
        $"Content-Length: {Body.Length}\r\n" +
        "Connection: close\r\n\r\n");

    private const string Body = "<html><body><p>Raw answer.</p></body></html>";

    [Fact]
    public async Task EveryValue_IsKeptAsSent_AndWrittenBackByteForByte()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var request = new byte[8192];
            var read = 0;
            while (!Encoding.ASCII.GetString(request, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                read += await stream.ReadAsync(request.AsMemory(read));
            }

            await stream.WriteAsync(Head);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(Body));
        });
        using var host = FetcherHost.Create(options => options.RetryAttempts = 0);

        var result = await host.FetchAsync($"http://127.0.0.1:{port}/raw");
        await serve;

        var exchange = result.Exchange!;
        Assert.Equal("Custom Reason Here", exchange.Reason);
        Assert.Equal("Weird/1.0 (Linux)", Assert.Single(exchange.ResponseHeaders, h => h.Name == "Server").Value);
        Assert.Equal(["1", "2"], exchange.ResponseHeaders.Where(h => h.Name.Equals("X-Dup", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value));

        var block = HttpMessages.ResponseHead(exchange, Body.Length);
        var expected = Head.AsSpan(0, Head.Length - "Connection: close\r\n\r\n".Length).ToArray();
        foreach (var line in Encoding.Latin1.GetString(expected).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            // Each header line the server sent is in the block, byte for byte (X-Dup by the spelling .NET keeps for it).
            var bytes = Encoding.Latin1.GetBytes(line.Replace("X-Dup", exchange.ResponseHeaders.First(h => h.Name.Equals("X-Dup", StringComparison.OrdinalIgnoreCase)).Name, StringComparison.Ordinal) + "\r\n");
            Assert.True(block.AsSpan().IndexOf(bytes) >= 0, $"'{line}' is not in the block as sent");
        }

        Assert.StartsWith("HTTP/1.1 200 Custom Reason Here\r\n", Encoding.Latin1.GetString(block), StringComparison.Ordinal);
        Assert.True(block.AsSpan().IndexOf(Encoding.UTF8.GetBytes("Ñandú")) >= 0, "the UTF-8 bytes of the header value are not in the block");
    }
}
