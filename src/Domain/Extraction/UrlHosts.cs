using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CitationMonitor.Domain.Extraction;

/// <summary>The authority of a cited URL: its host (lower case, punycode, no trailing dot) and its port.</summary>
internal static class UrlHosts
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = false };

    internal static string? SplitHostAndPort(string authority, out string host, out int? port)
    {
        host = authority;
        port = null;
        string? portText = null;

        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return "malformed URL: an IPv6 address is missing its closing ]";
            }

            host = authority[..(close + 1)];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return "malformed URL: unexpected text after the IPv6 address";
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            if (colon >= 0)
            {
                host = authority[..colon];
                portText = authority[(colon + 1)..];
            }
        }

        if (host.Length == 0)
        {
            return "the URL has no host";
        }

        // "host:" with nothing after the colon means the default port.
        if (string.IsNullOrEmpty(portText))
        {
            return null;
        }

        if (portText.Length > 5 || !portText.All(char.IsAsciiDigit)
            || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value is 0 or > 65535)
        {
            return $"invalid port '{portText}'";
        }

        port = value;
        return null;
    }

    internal static string? NormalizeHost(string raw, out string host)
    {
        host = "";
        if (raw.StartsWith('['))
        {
            var inner = raw[1..^1];
            if (inner.Contains('%', StringComparison.Ordinal)
                || !IPAddress.TryParse(inner, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return $"invalid IPv6 address '{inner}'";
            }

            host = "[" + v6 + "]";
            return null;
        }

        var name = raw.EndsWith('.') ? raw[..^1] : raw;
        if (name.Length == 0 || name.Contains('%', StringComparison.Ordinal))
        {
            return $"invalid host '{raw}'";
        }

        // As in browsers: a host whose last label is a number is an IPv4 address (in any of the
        // inet_aton spellings), never a domain name.
        var lastLabel = name[(name.LastIndexOf('.') + 1)..];
        if (lastLabel.Length > 0 && (lastLabel.All(char.IsAsciiDigit)
            || (lastLabel.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && lastLabel[2..].All(char.IsAsciiHexDigit))))
        {
            if (!IPAddress.TryParse(name, out var v4) || v4.AddressFamily != AddressFamily.InterNetwork)
            {
                return $"invalid IPv4 address '{raw}'";
            }

            host = v4.ToString();
            return null;
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(name.ToLowerInvariant()).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return $"invalid host '{raw}'";
        }

        if (ascii.Length > 253 || !ascii.Split('.').All(IsValidLabel))
        {
            return $"invalid host '{raw}'";
        }

        host = ascii;
        return null;
    }

    // Underscores are not valid in host names but do occur in real ones (and browsers accept them).
    private static bool IsValidLabel(string label) =>
        label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
