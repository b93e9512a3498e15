using System.Xml.Linq;
using CitationMonitor.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CitationMonitor.Api.Pages;

/// <summary>
/// Data Protection's key ring in the monitor's database (<see cref="DataProtectionKeyStore"/>), so that every API host
/// over one database protects and unprotects with the same keys. The framework calls it rarely (when the ring is first
/// read, when a key is created, when the cached ring expires), and synchronously, by its own contract.
/// </summary>
internal sealed class DatabaseKeyRepository(DataProtectionKeyStore keys) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        Task.Run(() => keys.AllAsync(CancellationToken.None)).GetAwaiter().GetResult().ConvertAll(XElement.Parse);

    public void StoreElement(XElement element, string friendlyName) =>
        Task.Run(() => keys.StoreAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), CancellationToken.None)).GetAwaiter().GetResult();
}
