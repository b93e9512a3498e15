using System.Net;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// The decisions of <see cref="GuardedConnector"/>: how a host name resolves, which addresses are refused while
/// private networks are not allowed, and which end point an allowed address is dialled on. Internal on purpose: no
/// setting can widen the rule; only the project's own tests replace it (to make one loopback address stand for a
/// public host on its usual ports, or a name resolve differently on each lookup) and the connector stays the only
/// place that decides.
/// </summary>
internal sealed class TargetAddressPolicy
{
    public static TargetAddressPolicy Default { get; } = new();

    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>The address rules, and the machine's own interface addresses (see <see cref="LocalAddresses"/>).</summary>
    public Func<IPAddress, bool> IsForbidden { get; init; } = address => AddressRules.IsForbidden(address) || LocalAddresses.IsLocal(address);

    /// <summary>The end point connected to for an allowed address and the URL's port: that very one, outside tests.</summary>
    public Func<IPEndPoint, IPEndPoint> Dial { get; init; } = endPoint => endPoint;
}
