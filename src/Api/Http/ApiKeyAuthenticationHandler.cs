using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Http;

/// <summary>
/// Who may write: a client presenting one of <c>Monitor:ApiKeys</c> in <c>X-Api-Key</c> or, while no key is
/// configured, a client on this machine. Keys are compared in constant time and never logged. Runs as
/// authentication, before the request body is read, so an anonymous client learns nothing from validation errors.
/// The writer's name, which the audit of citations records, is the key's place in the configuration
/// (<c>Monitor:ApiKeys:0</c>), never the key, or <c>local</c> for a client on this machine while no key is configured.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<MonitorOptions> monitorOptions,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string WritePolicy = "write";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var keys = monitorOptions.CurrentValue.ApiKeys;
        if (!KeysConfigured(keys))
        {
            return Task.FromResult(LocalWriter(Context) is { } local ? Success(local) : AuthenticateResult.NoResult());
        }

        var presented = Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var matched = MatchingKey(keys, presented);
        return Task.FromResult(matched >= 0
            ? Success(KeyName(matched))
            : AuthenticateResult.Fail($"The key in the {HeaderName} header is not valid."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message
            ?? (KeysConfigured(monitorOptions.CurrentValue.ApiKeys)
                ? $"This endpoint needs an API key in the {HeaderName} header."
                : "Write endpoints accept only clients on this machine until API keys are configured (Monitor:ApiKeys).");

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Title = "Unauthorized", Detail = detail },
        });
    }

    /// <summary>The name of the key at <paramref name="index"/> of <c>Monitor:ApiKeys</c>: where it is configured, not what it is.</summary>
    public static string KeyName(int index) => $"{MonitorOptions.Section}:{nameof(MonitorOptions.ApiKeys)}:{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private AuthenticateResult Success(string how) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, how)], SchemeName)), SchemeName));

    /// <summary>Whether any API key is configured: until one is, writes are taken from this machine only.</summary>
    public static bool KeysConfigured(IReadOnlyList<string> keys) => ApiKeys.Configured(keys);

    /// <summary>While no key is configured, who a client on this machine writes as (<c>local</c>); null for any other client.</summary>
    public static string? LocalWriter(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address) ? AuditKeys.Local : null;

    /// <inheritdoc cref="ApiKeys.IndexOf"/>
    public static int MatchingKey(IReadOnlyList<string> keys, string presented) => ApiKeys.IndexOf(keys, presented);
}

internal static class ApiKeyAuthenticationExtensions
{
    /// <summary>The name of whoever makes this write, for the audit: the key's name, or <c>local</c>.</summary>
    public static string KeyName(this HttpContext http) => http.User.Identity?.Name ?? AuditKeys.Local;

    /// <summary>The <c>X-Api-Key</c> scheme and the policy write endpoints require.</summary>
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyAuthenticationHandler.WritePolicy, policy => policy.RequireAuthenticatedUser());
        return services;
    }
}
