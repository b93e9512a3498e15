using System.Security.Cryptography;
using System.Text;

namespace CitationMonitor.Infrastructure.Security;

/// <summary>The keys of <c>Monitor:ApiKeys</c>, as every host that asks for one compares them.</summary>
public static class ApiKeys
{
    /// <summary>Whether any API key is configured.</summary>
    public static bool Configured(IReadOnlyList<string> keys) => keys.Any(k => !string.IsNullOrEmpty(k));

    /// <summary>
    /// The index in <paramref name="keys"/> of the key <paramref name="presented"/> is, else -1. Every key is compared,
    /// whichever matches, each as its SHA-256 (equal lengths), so the time taken says nothing of the keys.
    /// </summary>
    public static int IndexOf(IReadOnlyList<string> keys, string presented)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(presented);
        var matched = -1;
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        for (var i = 0; i < keys.Count; i++)
        {
            if (!string.IsNullOrEmpty(keys[i]) && presented.Length > 0
                && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(keys[i])), hash) && matched < 0)
            {
                matched = i;
            }
        }

        return matched;
    }
}
