using System.Net;
using System.Net.Sockets;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// Which IP addresses a check may connect to when private networks are not allowed: only globally routable unicast.
/// </summary>
public static class AddressRules
{
    /// <summary>True for loopback, private, link-local, CGNAT, unique-local, multicast, unspecified, broadcast and reserved addresses.</summary>
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);

        if (address.IsIPv4MappedToIPv6)
        {
            return IsForbiddenV4(address.MapToIPv4().GetAddressBytes());
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => IsForbiddenV4(address.GetAddressBytes()),
            AddressFamily.InterNetworkV6 => IsForbiddenV6(address.GetAddressBytes()),
            _ => true,
        };
    }

    /// <summary>The opposite of <see cref="IsForbidden"/>.</summary>
    public static bool IsAllowed(IPAddress address) => !IsForbidden(address);

    private static bool IsForbiddenV4(ReadOnlySpan<byte> b) =>
        b[0] == 0                                   // 0.0.0.0/8, "this network"
        || b[0] == 10                               // RFC 1918
        || (b[0] == 100 && (b[1] & 0xC0) == 64)     // 100.64.0.0/10, CGNAT
        || b[0] == 127                              // loopback
        || (b[0] == 169 && b[1] == 254)             // link-local, cloud metadata
        || (b[0] == 172 && (b[1] & 0xF0) == 16)     // RFC 1918
        || (b[0] == 192 && b[1] == 168)             // RFC 1918
        || (b[0] == 192 && b[1] == 0 && b[2] == 0)  // 192.0.0.0/24, IETF protocol assignments
        || (b[0] == 198 && (b[1] & 0xFE) == 18)     // 198.18.0.0/15, benchmarking
        || (b[0] == 192 && b[1] == 0 && b[2] == 2)  // 192.0.2.0/24, documentation (TEST-NET-1)
        || (b[0] == 198 && b[1] == 51 && b[2] == 100) // 198.51.100.0/24, documentation (TEST-NET-2)
        || (b[0] == 203 && b[1] == 0 && b[2] == 113)  // 203.0.113.0/24, documentation (TEST-NET-3)
        || (b[0] == 192 && b[1] == 88 && b[2] == 99)  // 192.88.99.0/24, former 6to4 relay anycast
        || b[0] >= 224;                             // multicast, reserved 240/4 and broadcast

    private static bool IsForbiddenV6(ReadOnlySpan<byte> b)
    {
        // :: (unspecified), ::1 (loopback) and the deprecated IPv4-compatible ::a.b.c.d all start with 12 zero bytes.
        if (b[..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return true;
        }

        // NAT64 64:ff9b::/96 and 6to4 2002::/16 carry an IPv4 address that is where the packets end up.
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return IsForbiddenV4(b[12..]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return IsForbiddenV4(b[2..6]);
        }

        return (b[0] & 0xFE) == 0xFC                    // fc00::/7, unique-local
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80)  // fe80::/10, link-local
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0)  // fec0::/10, deprecated site-local
            || b[0] == 0xFF                             // multicast
            || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8); // 2001:db8::/32, documentation
    }
}
