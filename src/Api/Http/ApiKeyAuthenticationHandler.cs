using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CitationMonitor.Infrastructure.Options;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Http;

/// <summary>
/// Who may write: a client presenting one of <c>Monitor:ApiKeys</c> in <c>X-Api-Key</c> or, while no key is
/// configured, a client on this machine. Keys are compared in constant time and never logged. Runs as
/// authentication, before the request body is read, so an anonymous client learns nothing from validation errors.
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
        var keys = monitorOptions.CurrentValue.ApiKeys.Where(k => !string.IsNullOrEmpty(k)).ToArray();
        if (keys.Length == 0)
        {
            return Task.FromResult(Context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
                ? Success("local client")
                : AuthenticateResult.NoResult());
        }

        var presented = Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.Any(key => FixedTimeEquals(key, presented))
            ? Success("api key")
            : AuthenticateResult.Fail($"The key in the {HeaderName} header is not valid."));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message
            ?? (monitorOptions.CurrentValue.ApiKeys.Any(k => !string.IsNullOrEmpty(k))
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

    private AuthenticateResult Success(string how) =>
        AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, how)], SchemeName)), SchemeName));

    // Hashing first gives equal lengths, so the comparison time says nothing about the key.
    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}

internal static class ApiKeyAuthenticationExtensions
{
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
