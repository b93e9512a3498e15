using System.Net;
using System.Net.NetworkInformation;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// The addresses of this machine's own network interfaces. A cited URL naming the machine itself (its host name, or
/// its public address) would reach every service bound to all interfaces, so while private networks are not allowed
/// these are refused like loopback, whatever range they are in. Read again at most every 30 seconds, so an address
/// added later (DHCP, a new interface) is refused soon after.
/// </summary>
internal static class LocalAddresses
{
    private static readonly TimeSpan RefreshAfter = TimeSpan.FromSeconds(30);
    private static readonly Lock Gate = new();
    private static HashSet<IPAddress> _addresses = [];
    private static long _readAt = long.MinValue;

    public static bool IsLocal(IPAddress address)
    {
        return Current().Contains(WithoutScope(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address));
    }

    /// <summary>An IPv6 address without its zone (<c>%eth0</c>), which takes part in its equality.</summary>
    private static IPAddress WithoutScope(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0
            ? new IPAddress(address.GetAddressBytes())
            : address;

    private static HashSet<IPAddress> Current()
    {
        var now = Environment.TickCount64;
        lock (Gate)
        {
            if (now - _readAt >= RefreshAfter.TotalMilliseconds || _readAt == long.MinValue)
            {
                _addresses = Read();
                _readAt = now;
            }

            return _addresses;
        }
    }

    private static HashSet<IPAddress> Read()
    {
        var addresses = new HashSet<IPAddress>();
        try
        {
            foreach (var networkInterface in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in networkInterface.GetIPProperties().UnicastAddresses)
                {
                    addresses.Add(WithoutScope(unicast.Address));
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Without the list, the range rules still hold.
        }

        return addresses;
    }
}
