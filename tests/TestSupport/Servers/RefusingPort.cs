using System.Net;
using System.Net.Sockets;

namespace CitationMonitor.TestSupport.Servers;

/// <summary>
/// A port bound but not listening: every connection to it is refused, and no other test can take it meanwhile.
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket;

    private RefusingPort(Socket socket) => _socket = socket;

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Binds a port the system picks on <paramref name="address"/> (127.0.0.1 unless given).</summary>
    public static RefusingPort Open(IPAddress? address = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address ?? IPAddress.Loopback, 0));
            return new RefusingPort(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose() => _socket.Dispose();
}
