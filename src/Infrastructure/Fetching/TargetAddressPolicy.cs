using System.Net;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// The two decisions of <see cref="GuardedConnector"/>: how a host name resolves and which addresses are refused
/// while private networks are not allowed. Internal on purpose: no setting can widen the rule; only the project's
/// own tests replace it (to make one loopback address stand for a public host, or a name resolve differently on
/// each lookup) and the connector stays the only place that decides.
/// </summary>
internal sealed class TargetAddressPolicy
{
    public static TargetAddressPolicy Default { get; } = new();

    public Func<string, CancellationToken, Task<IPAddress[]>> Resolve { get; init; } = Dns.GetHostAddressesAsync;

    /// <summary>The address rules, and the machine's own interface addresses (see <see cref="LocalAddresses"/>).</summary>
    public Func<IPAddress, bool> IsForbidden { get; init; } = address => AddressRules.IsForbidden(address) || LocalAddresses.IsLocal(address);
}
