using System.Net;
using System.Net.Sockets;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// The handler's connect step: resolves the host itself and connects only to an address the private-network rule allows,
/// so the rule is judged on the address actually connected to and DNS rebinding cannot get around it.
/// </summary>
internal sealed class GuardedConnector(bool allowPrivateNetworks, TargetAddressPolicy policy)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var host = endPoint.Host.TrimStart('[').TrimEnd(']');

        // RFC 6761: names under .invalid never resolve, so no resolver is asked.
        var name = host.TrimEnd('.');
        if (name.Equals("invalid", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".invalid", StringComparison.OrdinalIgnoreCase))
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        IPAddress[] addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await policy.Resolve(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        var candidates = allowPrivateNetworks ? addresses : Array.FindAll(addresses, address => !policy.IsForbidden(address));
        if (candidates.Length == 0)
        {
            throw new ForbiddenTargetException($"refused: {host} resolves only to private or reserved addresses");
        }

        SocketException? lastError = null;
        foreach (var address in candidates)
        {
            var target = policy.Dial(new IPEndPoint(address, endPoint.Port));
            var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(target, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastError!;
    }
}
