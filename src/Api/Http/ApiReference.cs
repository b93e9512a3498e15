using Scalar.AspNetCore;

namespace CitationMonitor.Api.Http;

/// <summary>
/// The interactive API reference (Scalar) at <c>/scalar/v1</c>, under a Content-Security-Policy of its own that allows
/// what the page needs and nothing more: its two scripts from this origin and its one inline script, which carries a
/// fresh nonce on every answer (so the page is never cached); the styles its script injects; images from this origin
/// and <c>data:</c> URLs (its icons); requests to this origin only (the OpenAPI document, and the calls "Try it"
/// makes). Its external services (web fonts, telemetry, the AI agent and MCP) are switched off rather than allowed.
/// </summary>
internal static class ApiReference
{
    /// <summary>Where Scalar keeps the nonce it put on the page's scripts.</summary>
    private const string NonceItem = "Scalar.Nonce";

    public static IEndpointConventionBuilder MapApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(options =>
        {
            options.WithTitle("Citation monitor API").DisableDefaultFonts().DisableTelemetry().DisableAgent().DisableMcp();
            options.DynamicNonce = true;
        });

    /// <summary>The policy of the page answered in <paramref name="context"/>, or null when it is not the page.</summary>
    public static string? ContentSecurityPolicy(HttpContext context) =>
        context.Items.TryGetValue(NonceItem, out var value) && value is string nonce && nonce.Length > 0
            ? $"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
            : null;
}
