using System.Globalization;

namespace CitationMonitor.Api.Http;

/// <summary>
/// An id in a path (<c>{id}</c>, <c>{citationId}</c>) must be a positive integer. Anything else (<c>abc</c>, <c>0</c>,
/// <c>-5</c>, a number beyond the 64-bit range) is answered 400 problem+json naming the parameter, before any endpoint
/// runs: no resource can have such an id, so "not found" would mislead.
/// </summary>
internal static class RouteIds
{
    /// <remarks>Must run after routing, so that the matched endpoint's route values are known.</remarks>
    public static IApplicationBuilder UseRouteIdValidation(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
        {
            foreach (var parameter in endpoint.RoutePattern.Parameters)
            {
                if (IsIdName(parameter.Name)
                    && context.Request.RouteValues.TryGetValue(parameter.Name, out var raw)
                    && Convert.ToString(raw, CultureInfo.InvariantCulture) is var text
                    && !QueryErrors.IsId(text, out _))
                {
                    return Problems.Invalid(parameter.Name, QueryErrors.NotAnId(text), $"The {parameter.Name} in the path must be a positive integer.")
                        .ExecuteAsync(context);
                }
            }
        }

        return next(context);
    });

    private static bool IsIdName(string name) => name == "id" || name.EndsWith("Id", StringComparison.Ordinal);
}
