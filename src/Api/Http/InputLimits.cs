using System.ComponentModel.DataAnnotations;
using CitationMonitor.Infrastructure.Options;
using Microsoft.AspNetCore.Http.Metadata;

namespace CitationMonitor.Api.Http;

/// <summary><c>Monitor:Limits</c>: how much one request may ask the monitor to take in.</summary>
public sealed class InputLimitsOptions
{
    public const string Section = "Monitor:Limits";

    [Range(1024, 1L << 30, ErrorMessage = "Monitor:Limits:MaxDocumentBytes must be between {1} and {2}.")]
    public long MaxDocumentBytes { get; set; } = 5 * 1024 * 1024;

    [Range(1, 100_000, ErrorMessage = "Monitor:Limits:MaxCitationsPerDocument must be between {1} and {2}.")]
    public int MaxCitationsPerDocument { get; set; } = 2000;

    /// <summary>The largest file <c>POST /api/documents</c> takes as an upload (<c>multipart/form-data</c>).</summary>
    [Range(1024, 1L << 31, ErrorMessage = "Monitor:Limits:MaxUploadBytes must be between {1} and {2}.")]
    public long MaxUploadBytes { get; set; } = 50 * 1024 * 1024;
}

/// <summary>
/// An endpoint's own request body limit. Endpoint routing hands it to the server (Kestrel then never reads more), and
/// <see cref="InputLimits.UseRequestBodyLimits"/> answers a body over it with a 413 problem before anything is bound.
/// <paramref name="setting"/> names the configuration key the limit comes from, when it has one.
/// </summary>
internal sealed class RequestBodyLimit(long maxBytes, string? setting = null) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = maxBytes;

    public string? Setting { get; } = setting;
}

internal static class InputLimits
{
    /// <summary>
    /// The body of an endpoint that reads none (<c>POST /api/citations/{id}/check</c>...): room for an empty JSON object
    /// some clients send by habit, and no more.
    /// </summary>
    public const long NoBodyBytes = 1024;

    /// <summary>
    /// Bytes one character of a JSON string may take: <c>\uXXXX</c>, as System.Text.Json writes every non-ASCII
    /// character by default (raw UTF-8 takes at most 3).
    /// </summary>
    private const int JsonBytesPerCharacter = 6;

    /// <summary>Room for field names, numbers, dates, punctuation and whitespace around the text fields.</summary>
    private const int JsonEnvelopeBytes = 4096;

    /// <summary>
    /// The largest JSON body whose text fields hold at most <paramref name="characters"/> characters in all, each one
    /// escaped: the body limit of a JSON write endpoint, so that every value its fields accept fits.
    /// </summary>
    public static long JsonBodyBytes(int characters) => ((long)characters * JsonBytesPerCharacter) + JsonEnvelopeBytes;

    public static IServiceCollection AddInputLimits(this IServiceCollection services)
    {
        services.AddMonitorSection<InputLimitsOptions>(InputLimitsOptions.Section);
        return services;
    }

    /// <summary>
    /// Refuses a body over its endpoint's <see cref="RequestBodyLimit"/> with 413 problem+json: at once when the declared
    /// Content-Length is over it, otherwise (chunked) by reading at most one byte past the limit before the endpoint
    /// binds the body. Runs after authentication, so an anonymous client's body is never read at all.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>() is not { MaxRequestBodySize: { } max }
            || await FitsAsync(context.Request, max, context.RequestAborted))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = TooLargeDetail(context.GetEndpoint()),
            },
        });
    });

    /// <summary>What a 413 says: the endpoint's limit and, when it comes from configuration, the key that sets it.</summary>
    public static string TooLargeDetail(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<RequestBodyLimit>() is { MaxRequestBodySize: { } max } limit
            ? $"The request body is over {max} bytes, the most this endpoint accepts{(limit.Setting is { } key ? $" ({key})" : "")}."
            : "The request body is larger than this endpoint accepts.";

    private static async Task<bool> FitsAsync(HttpRequest request, long max, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            return declared <= max;
        }

        request.EnableBuffering();
        var buffer = new byte[81920];
        long total = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > max)
                {
                    return false;
                }
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }

        request.Body.Position = 0;
        return true;
    }

    /// <summary>Caps the request body of the endpoint at <c>Monitor:Limits:MaxDocumentBytes</c>.</summary>
    public static RouteHandlerBuilder WithDocumentBodyLimit(this RouteHandlerBuilder builder, IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<InputLimitsOptions>>().Value;
        return builder.WithBodyLimit(new RequestBodyLimit(limits.MaxDocumentBytes, $"{InputLimitsOptions.Section}:{nameof(InputLimitsOptions.MaxDocumentBytes)}"));
    }

    /// <summary>Caps the request body of the endpoint at <c>Monitor:Limits:MaxUploadBytes</c> (and the multipart envelope around it).</summary>
    public static RouteHandlerBuilder WithUploadBodyLimit(this RouteHandlerBuilder builder, IEndpointRouteBuilder app)
    {
        var limits = app.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<InputLimitsOptions>>().Value;
        return builder.WithBodyLimit(new RequestBodyLimit(limits.MaxUploadBytes + UploadEnvelopeBytes, $"{InputLimitsOptions.Section}:{nameof(InputLimitsOptions.MaxUploadBytes)}"));
    }

    /// <summary>Room around an uploaded file for the multipart boundaries, headers and the short form fields.</summary>
    public const long UploadEnvelopeBytes = 64 * 1024;

    /// <summary>Caps the request body of the endpoint at <paramref name="maxBytes"/>, what its largest valid body takes.</summary>
    public static RouteHandlerBuilder WithBodyLimit(this RouteHandlerBuilder builder, long maxBytes) =>
        builder.WithBodyLimit(new RequestBodyLimit(maxBytes));

    /// <summary>For an endpoint that reads no body: <see cref="NoBodyBytes"/>.</summary>
    public static RouteHandlerBuilder WithNoBody(this RouteHandlerBuilder builder) => builder.WithBodyLimit(NoBodyBytes);

    private static RouteHandlerBuilder WithBodyLimit(this RouteHandlerBuilder builder, RequestBodyLimit limit) =>
        builder.WithMetadata(limit).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
