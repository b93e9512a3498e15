using System.Globalization;

namespace CitationMonitor.Api.Http;

/// <summary>
/// An <c>{id}</c> in a path must be a positive integer. Anything else (<c>abc</c>, <c>0</c>, <c>-5</c>, a number
/// beyond the 64-bit range) is answered 400 problem+json naming <c>id</c>, before any endpoint runs: no resource
/// can have such an id, so "not found" would mislead.
/// </summary>
internal static class RouteIds
{
    private const string Name = "id";

    /// <remarks>Must run after routing, so that the matched endpoint's route values are known.</remarks>
    public static IApplicationBuilder UseRouteIdValidation(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint
            && endpoint.RoutePattern.GetParameter(Name) is not null
            && context.Request.RouteValues.TryGetValue(Name, out var raw)
            && Convert.ToString(raw, CultureInfo.InvariantCulture) is var text
            && !QueryErrors.IsId(text, out _))
        {
            return Problems.Invalid(Name, QueryErrors.NotAnId(text), "The id in the path must be a positive integer.").ExecuteAsync(context);
        }

        return next(context);
    });
}
