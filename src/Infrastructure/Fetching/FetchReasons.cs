namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>Machine-readable causes put in <see cref="FetchResult.Reason"/>.</summary>
public static class FetchReasons
{
    public const string RedirectedToHome = "redirected_to_home";
    public const string ErrorPhrase = "error_phrase";
    public const string LoginWall = "login_wall";
    public const string BotChallenge = "bot_challenge";
    public const string ForbiddenAddress = "forbidden_address";
    public const string UnsupportedScheme = "unsupported_scheme";
    public const string CredentialsInUrl = "credentials_in_url";
    public const string MalformedUrl = "malformed_url";
    public const string MaxRedirects = "max_redirects";
    public const string Loop = "loop";

    /// <summary>429 or 503 with a Retry-After beyond <c>MaxRetryAfter</c>: not waited for; the host is paused until then.</summary>
    public const string RetryAfter = "retry_after";

    /// <summary>
    /// Not a check's reason (no check is recorded): why a check was postponed when the host's circuit is open after
    /// repeated connection failures.
    /// </summary>
    public const string CircuitOpen = "circuit_open";
}
