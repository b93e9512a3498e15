using System.Text.Json.Serialization;
using CitationMonitor.Domain.Vocabulary;

namespace CitationMonitor.Domain.Checks;

/// <summary>The outcome of one check, after redirects and retries. Wire names are fixed by the public contract.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    /// <summary>A 2xx answer that is what it claims to be.</summary>
    [JsonStringEnumMemberName("ok")] Ok,
    /// <summary>HTTP 404.</summary>
    [JsonStringEnumMemberName("not_found")] NotFound,
    /// <summary>HTTP 410.</summary>
    [JsonStringEnumMemberName("gone")] Gone,
    /// <summary>A 2xx that is really an error page, a deep link sent to the site's home page, or the host's "not found" template.</summary>
    [JsonStringEnumMemberName("soft_404")] Soft404,
    /// <summary>401, 403, a login wall or a bot challenge.</summary>
    [JsonStringEnumMemberName("blocked")] Blocked,
    /// <summary>HTTP 429.</summary>
    [JsonStringEnumMemberName("rate_limited")] RateLimited,
    /// <summary>Any other 4xx.</summary>
    [JsonStringEnumMemberName("client_error")] ClientError,
    /// <summary>5xx.</summary>
    [JsonStringEnumMemberName("server_error")] ServerError,
    /// <summary>No complete answer within the configured timeout.</summary>
    [JsonStringEnumMemberName("timeout")] Timeout,
    /// <summary>The host name does not resolve.</summary>
    [JsonStringEnumMemberName("dns_error")] DnsError,
    /// <summary>The connection was refused, reset or could not be made.</summary>
    [JsonStringEnumMemberName("connection_error")] ConnectionError,
    /// <summary>The TLS handshake failed (bad certificate, protocol mismatch).</summary>
    [JsonStringEnumMemberName("tls_error")] TlsError,
    /// <summary>A redirect loop or a chain longer than allowed.</summary>
    [JsonStringEnumMemberName("redirect_loop")] RedirectLoop,
    /// <summary>The address is refused by the private-network rule.</summary>
    [JsonStringEnumMemberName("forbidden_target")] ForbiddenTarget,
    /// <summary>The URL cannot be fetched at all (malformed, not http or https).</summary>
    [JsonStringEnumMemberName("invalid_url")] InvalidUrl,
}

/// <summary>Wire names of <see cref="CheckStatus"/>, as stored and as served.</summary>
public static class CheckStatusNames
{
    /// <summary>Every wire name, in declaration order.</summary>
    public static IReadOnlyList<string> All => WireNames<CheckStatus>.All;

    /// <summary>The wire name of a value.</summary>
    public static string ToWireName(this CheckStatus value) => WireNames<CheckStatus>.Of(value);

    /// <summary>Parses a wire name; false for anything not in the vocabulary.</summary>
    public static bool TryParse(string? name, out CheckStatus value) => WireNames<CheckStatus>.TryParse(name, out value);

    /// <summary>Parses a stored wire name, throwing on a value outside the vocabulary.</summary>
    public static CheckStatus Parse(string name) => WireNames<CheckStatus>.Parse(name);
}
