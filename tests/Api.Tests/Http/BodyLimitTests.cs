using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CitationMonitor.Api.Citations;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>
/// Every write endpoint has a body limit that fits it, and a body over it is refused with 413 problem+json before it is
/// read whole: over real Kestrel on loopback, with a declared length and chunked, the refusal comes while most of the
/// body has not even been sent.
/// </summary>
public sealed class BodyLimitTests() : ApiTest(new Dictionary<string, string?>
{
    ["Monitor:RateLimit:WritesPerMinute"] = "100000",
})
{
    /// <summary>Far more than any limit: a client that sent it all would show it.</summary>
    private const long Huge = 1L << 30;

    private Uri _server = null!;

    public override Task InitializeAsync()
    {
        _server = StartOnKestrel();
        Client = new HttpClient { BaseAddress = _server };
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        Client.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>Every write endpoint: its method, its route, and a path to it.</summary>
    private static readonly (string Method, string Route, string Path)[] Writes =
    [
        ("POST", "/api/citations", "/api/citations"),
        ("PATCH", "/api/citations/{id}", "/api/citations/1"),
        ("PATCH", "/api/documents/{id}/citations/{citationId}", "/api/documents/1/citations/1"),
        ("DELETE", "/api/citations/{id}", "/api/citations/1"),
        ("PATCH", "/api/documents/{id}", "/api/documents/1"),
        ("DELETE", "/api/documents/{id}", "/api/documents/1"),
        ("POST", "/api/citations/{id}/check", "/api/citations/1/check"),
        ("POST", "/api/documents", "/api/documents"),
        ("POST", "/api/backups", "/api/backups"),
        ("POST", "/api/fixity/run", "/api/fixity/run"),
        ("POST", "/api/import/watchlist", "/api/import/watchlist"),
        // The pages' form posts.
        ("POST", "/key", "/key"),
        ("POST", "/key/forget", "/key/forget"),
        ("POST", "/add/document", "/add/document"),
        ("POST", "/add/text", "/add/text"),
        ("POST", "/add/url", "/add/url"),
        ("POST", "/citations/{id}/check", "/citations/1/check"),
    ];

    public static TheoryData<string, string> WriteEndpoints()
    {
        var data = new TheoryData<string, string>();
        foreach (var (method, _, path) in Writes)
        {
            data.Add(method, path);
        }

        return data;
    }

    [Fact]
    public void EveryWriteEndpoint_HasABodyLimitThatFitsIt()
    {
        var writes = WriteRoutes().ToList();
        Assert.Equal(Writes.Select(w => $"{w.Method} {w.Route}").Append(Upload).Order(), writes.Select(w => w.Name).Order());
        var documentBytes = new InputLimitsOptions().MaxDocumentBytes;

        foreach (var (name, endpoint) in writes)
        {
            var limit = endpoint.Metadata.GetMetadata<RequestBodyLimit>()?.MaxRequestBodySize;
            Assert.True(limit is not null, $"{name} has no body limit of its own");
            if (name is "POST /api/documents" or "POST /add/text")
            {
                Assert.Equal(documentBytes, limit);
            }
            else if (name is Upload or "POST /api/import/watchlist" or "POST /add/document")
            {
                // The file (a document, or a watch list to restore), up to its own limit, and the multipart envelope around it.
                Assert.Equal(new InputLimitsOptions().MaxUploadBytes + InputLimits.UploadEnvelopeBytes, limit);
            }
            else
            {
                // A citation or a patch is a few fields: tens of kilobytes at most, never the document's megabytes.
                Assert.True(limit <= 256 * 1024, $"{name} accepts {limit} bytes");
            }
        }
    }

    [Fact]
    public async Task PatchWithTheLongestPassage_EveryCharacterEscaped_Fits()
    {
        var id = await AddCitationAsync();
        // System.Text.Json writes each of these as \u00E9: six bytes a character, the most a JSON string takes.
        var quote = new string('é', UpdateCitationRequest.MaxQuoteLength);
        using var content = JsonContent.Create(new { quote, accessedAt = "2021-01-31T12:00:00Z" }, options: MonitorApiFactory.Json);
        await content.LoadIntoBufferAsync();
        Assert.True(content.Headers.ContentLength > 6 * UpdateCitationRequest.MaxQuoteLength);

        var response = await Client.PatchAsync($"/api/citations/{id}", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(quote, (await response.ReadJsonAsync()).GetProperty("quote").GetString());
    }

    [Fact]
    public async Task CitationWithEveryFieldAtItsLongest_EveryCharacterEscaped_Fits()
    {
        var url = "https://www.gob.mx/" + new string('a', AddCitationRequest.MaxUrlLength - "https://www.gob.mx/".Length);
        var body = new { url, context = new string('é', AddCitationRequest.MaxContextLength), quote = new string('ñ', UpdateCitationRequest.MaxQuoteLength) };

        var response = await Client.PostJsonAsync("/api/citations", body);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task BodyOverTheLimit_WithItsLengthDeclared_IsRefusedBeforeItIsSent(string method, string path)
    {
        await AddCitationAsync();
        using var connection = await RawConnection.OpenAsync(_server);
        await connection.SendAsync(
            $"{method} {path} HTTP/1.1\r\nHost: {_server.Authority}\r\nContent-Type: application/json\r\nContent-Length: {Huge}\r\n\r\n{{\"text\":\"");

        // Not a byte more of the body is sent: the answer comes from the declared length alone.
        var answer = await connection.ReadAnswerAsync();

        AssertTooLarge(answer);
    }

    [Theory]
    [MemberData(nameof(WriteEndpoints))]
    public async Task BodyOverTheLimit_Chunked_IsRefusedOnceTheLimitIsPassed(string method, string path)
    {
        await AddCitationAsync();
        var limit = LimitOf(method, path);
        using var connection = await RawConnection.OpenAsync(_server);
        await connection.SendAsync($"{method} {path} HTTP/1.1\r\nHost: {_server.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
        var chunk = Encoding.ASCII.GetBytes(new string('x', 16 * 1024));
        long sent = 0;
        while (sent <= limit + chunk.Length)
        {
            await connection.SendChunkAsync(chunk);
            sent += chunk.Length;
        }

        // The body never ends (no last chunk): only a server that stopped reading at its limit can answer.
        var answer = await connection.ReadAnswerAsync();

        AssertTooLarge(answer);
    }

    [Fact]
    public async Task BodyOverTheLimit_FromAnHttpClient_IsNotPulledWhole()
    {
        var id = await AddCitationAsync();
        // A body that says it is a gigabyte long and counts what the client pulls from it to send.
        using var body = new CountingStream(Huge);
        using var content = new StreamContent(body);
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = Huge;

        HttpResponseMessage response;
        try
        {
            response = await Client.PatchAsync($"/api/citations/{id}", content);
        }
        catch (HttpRequestException)
        {
            // The server answers and closes the connection while the client still sends, so the client usually sees the
            // connection end rather than the answer (the tests above read it); either way it sent no more than the
            // socket buffers took.
            Assert.True(body.Pulled < Huge / 16, $"the client sent {body.Pulled} of {Huge} bytes");
            return;
        }

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.True(body.Pulled < Huge / 16, $"the client sent {body.Pulled} of {Huge} bytes");
    }

    [Fact]
    public async Task BodylessWrite_TakesAnEmptyObject()
    {
        var id = await AddCitationAsync();
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        var response = await Client.PostAsync($"/api/citations/{id}/check", content);

        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    /// <summary>The write endpoints the API maps, named by method and route.</summary>
    private IEnumerable<(string Name, RouteEndpoint Endpoint)> WriteRoutes() =>
        from endpoint in Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        from method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []
        where method is not ("GET" or "HEAD")
        select ($"{method} /{endpoint.RoutePattern.RawText!.Trim('/')}{(IsUpload(endpoint) ? " (upload)" : "")}", endpoint);

    /// <summary>The name of <c>POST /api/documents</c> taking a file (multipart/form-data), beside the one taking JSON.</summary>
    private const string Upload = "POST /api/documents (upload)";

    private static bool IsUpload(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.Contains("multipart/form-data") == true;

    private long LimitOf(string method, string path) =>
        WriteRoutes().Single(w => w.Name == $"{method} {Writes.Single(x => x.Method == method && x.Path == path).Route}")
            .Endpoint.Metadata.GetMetadata<RequestBodyLimit>()!.MaxRequestBodySize!.Value;

    private static void AssertTooLarge(string answer)
    {
        Assert.StartsWith("HTTP/1.1 413 ", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
        var problem = JsonDocument.Parse(answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement;
        Assert.Equal(413, problem.GetProperty("status").GetInt32());
        Assert.Contains("bytes, the most this endpoint accepts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<long> AddCitationAsync()
    {
        var response = await Client.PostJsonAsync("/api/citations", new { url = "https://www.gob.mx/informe" });
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>A request written byte by byte to a TCP connection, and the answer read up to its end.</summary>
    private sealed class RawConnection : IDisposable
    {
        private readonly TcpClient _client;
        private readonly NetworkStream _stream;

        private RawConnection(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
        }

        public static async Task<RawConnection> OpenAsync(Uri server)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, server.Port);
            return new RawConnection(client);
        }

        public Task SendAsync(string text) => _stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

        public async Task SendChunkAsync(byte[] chunk)
        {
            await SendAsync($"{chunk.Length:X}\r\n");
            await _stream.WriteAsync(chunk);
            await SendAsync("\r\n");
        }

        /// <summary>
        /// The status line, headers and body (by its Content-Length, or its chunks put together), within ten seconds.
        /// </summary>
        public async Task<string> ReadAnswerAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var received = new List<byte>();
            var buffer = new byte[4096];
            while (true)
            {
                if (Complete(Encoding.UTF8.GetString([.. received])) is { } answer)
                {
                    return answer;
                }

                var read = await _stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    return Encoding.UTF8.GetString([.. received]);
                }

                received.AddRange(buffer.AsSpan(0, read));
            }
        }

        /// <summary>The whole answer in <paramref name="text"/>, its body de-chunked; null while it is not all there.</summary>
        private static string? Complete(string text)
        {
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                return null;
            }

            var head = text[..(end + 4)];
            var body = text[(end + 4)..];
            if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
            {
                var length = head.Split("\r\n")
                    .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(line => int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                    .FirstOrDefault();
                return Encoding.UTF8.GetByteCount(body) >= length ? text : null;
            }

            var whole = new StringBuilder();
            while (body.IndexOf("\r\n", StringComparison.Ordinal) is var sizeEnd and >= 0)
            {
                var size = Convert.ToInt32(body[..sizeEnd], 16);
                if (size == 0)
                {
                    return head + whole;
                }

                if (body.Length < sizeEnd + 2 + size + 2)
                {
                    return null;
                }

                whole.Append(body.AsSpan(sizeEnd + 2, size));
                body = body[(sizeEnd + 2 + size + 2)..];
            }

            return null;
        }

        public void Dispose()
        {
            _stream.Dispose();
            _client.Dispose();
        }
    }

    /// <summary>A read-only stream of <c>x</c>, <paramref name="length"/> bytes long, that counts the bytes read from it.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        private long _pulled;

        public long Pulled => Interlocked.Read(ref _pulled);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => Pulled;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - Pulled);
            buffer[..n].Fill((byte)'x');
            Interlocked.Add(ref _pulled, n);
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
