using System.Text.Json;

namespace CitationMonitor.Api.Http;

internal static class ProblemDetailsConventions
{
    /// <summary>
    /// Every error as RFC 9457 problem+json: unbindable requests as 400 with a detail in the client's terms, validation
    /// errors keyed by the JSON field names clients send (<c>title</c>, not <c>Title</c>), a 405 naming the methods the
    /// resource allows, and a 415 naming the media type to send.
    /// </summary>
    public static IServiceCollection AddMonitorProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                var camelCased = validation.Errors.ToDictionary(
                    pair => string.Join('.', pair.Key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName)),
                    pair => pair.Value);
                validation.Errors.Clear();
                foreach (var (key, messages) in camelCased)
                {
                    validation.Errors[key] = messages;
                }
            }

            if (context.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed)
            {
                MethodNotAllowed.Describe(context);
            }

            // Routing refuses a body of the wrong media type before any endpoint runs, with a bare title.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && context.ProblemDetails.Detail is null)
            {
                context.ProblemDetails.Detail = RequestBodies.UnsupportedMediaType(context.HttpContext.Request);
            }
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DamagedEvidenceExceptionHandler>();
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}
