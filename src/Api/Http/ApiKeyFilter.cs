using System.Net;
using System.Security.Cryptography;
using System.Text;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Http;

/// <summary>
/// Write endpoints need a configured key in <c>X-Api-Key</c>; while no key is configured they accept loopback clients only.
/// Keys are compared in constant time and never logged.
/// </summary>
internal sealed class ApiKeyFilter(IOptionsMonitor<MonitorOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var keys = options.CurrentValue.ApiKeys.Where(k => !string.IsNullOrEmpty(k)).ToArray();
        if (keys.Length == 0)
        {
            return IsLoopback(http.Connection.RemoteIpAddress)
                ? await next(context)
                : Unauthorized("Write endpoints accept only local clients until API keys are configured (Monitor:ApiKeys).");
        }

        var presented = http.Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            return Unauthorized($"This endpoint needs an API key in the {HeaderName} header.");
        }

        return keys.Any(key => FixedTimeEquals(key, presented))
            ? await next(context)
            : Unauthorized($"The key in the {HeaderName} header is not valid.");
    }

    // A test server has no remote address: it is in-process, hence local.
    private static bool IsLoopback(IPAddress? address) => address is null || IPAddress.IsLoopback(address);

    // Hashing first gives equal lengths, so the comparison time says nothing about the key.
    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)));

    private static IResult Unauthorized(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
}
