namespace CitationMonitor.Domain.Checks;

/// <summary>The machine-readable causes a check records as its <c>reason</c> when the status alone does not say it.</summary>
public static class CheckReasons
{
    public const string RedirectedToHome = "redirected_to_home";
    public const string HostNotFoundTemplate = "host_not_found_template";
    public const string ErrorPhrase = "error_phrase";
    public const string LoginWall = "login_wall";
    public const string BotChallenge = "bot_challenge";
    public const string ForbiddenAddress = "forbidden_address";
    public const string UnsupportedScheme = "unsupported_scheme";
    public const string CredentialsInUrl = "credentials_in_url";
    public const string MalformedUrl = "malformed_url";
    public const string MaxRedirects = "max_redirects";
    public const string Loop = "loop";
    public const string AttemptTimeout = "attempt_timeout";
    public const string NameNotResolved = "name_not_resolved";
    public const string ConnectionRefused = "connection_refused";
    public const string ConnectionReset = "connection_reset";
    public const string ConnectTimeout = "connect_timeout";
    public const string HostUnreachable = "host_unreachable";
    public const string ConnectionFailed = "connection_failed";
    public const string ResponseEnded = "response_ended";
    public const string InvalidResponse = "invalid_response";
    public const string HeadersTooLarge = "headers_too_large";
    public const string CorruptEncoding = "corrupt_encoding";
    public const string CertificateRejected = "certificate_rejected";
    public const string TlsHandshakeFailed = "tls_handshake_failed";

    /// <summary>The cause of a check ended by the final answer's own status: <c>http_404</c>, <c>http_403</c>, <c>http_503</c>...</summary>
    public static string HttpStatus(int statusCode) => "http_" + statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>429 or 503 with a Retry-After beyond <c>MaxRetryAfter</c>: not waited for; the host is paused until then.</summary>
    public const string RetryAfter = "retry_after";

    /// <summary>
    /// Not a check's reason (no check is recorded): why a check was postponed when the host's circuit is open after
    /// repeated connection failures.
    /// </summary>
    public const string CircuitOpen = "circuit_open";

    /// <summary>
    /// Not a check's reason (no check is recorded): why a check was postponed when the host's turn among the workers
    /// sharing a PostgreSQL database could not be taken, the database failing to answer. Nothing about the source is
    /// learnt from that, so nothing is recorded against it.
    /// </summary>
    public const string SharedTurnUnavailable = "shared_turn_unavailable";
}
