using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CitationMonitor.TestSupport.Servers;

/// <summary>
/// A bare TCP server on 127.0.0.1 that answers every connection with the same bytes (or bytes made for the request's
/// target) and closes it: for answers Kestrel refuses to send, such as a body longer than its Content-Length or a
/// header with control characters.
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public RawHttpServer(byte[] answer)
        : this((_, _) => answer)
    {
    }

    /// <summary>Answers each request with what <paramref name="answer"/> makes of the server's port and the request's target.</summary>
    public RawHttpServer(Func<int, string, byte[]> answer)
    {
        _listener.Start();
        _loop = AnswerAsync(answer);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Requests answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    private async Task AnswerAsync(Func<int, string, byte[]> answer)
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                // The request is read up to its blank line, then answered.
                var request = new StringBuilder();
                var buffer = new byte[4096];
                int read;
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal)
                    && (read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var requestLine = request.ToString().Split("\r\n")[0].Split(' ');
                Interlocked.Increment(ref _requests);
                await stream.WriteAsync(answer(Port, requestLine.Length > 1 ? requestLine[1] : "/"), _stop.Token);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
