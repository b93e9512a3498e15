namespace CitationMonitor.Api.Http;

/// <summary>
/// A 405 says in words what its <c>Allow</c> header says: <c>detail</c> names the methods the resource allows
/// ("This resource allows GET and HEAD."). HEAD is listed wherever GET is, since every GET endpoint answers it
/// (<see cref="HeadRequests"/>), though routing only knows the GET.
/// </summary>
internal static class MethodNotAllowed
{
    /// <summary>Completes the problem of a 405 whose endpoint set the <c>Allow</c> header: the header with HEAD, and the detail.</summary>
    public static void Describe(ProblemDetailsContext context)
    {
        var response = context.HttpContext.Response;
        var allowed = Allowed(response.Headers.Allow.ToString());
        if (allowed.Count == 0)
        {
            return;
        }

        response.Headers.Allow = string.Join(", ", allowed);
        context.ProblemDetails.Detail ??= Sentence(allowed);
    }

    /// <summary>The methods of an <c>Allow</c> header, each once, with HEAD right after GET.</summary>
    public static IReadOnlyList<string> Allowed(string allow)
    {
        var methods = allow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var get = methods.FindIndex(HttpMethods.IsGet);
        if (get >= 0 && !methods.Exists(HttpMethods.IsHead))
        {
            methods.Insert(get + 1, HttpMethods.Head);
        }

        return methods;
    }

    /// <summary>"This resource allows GET, HEAD and PATCH."</summary>
    public static string Sentence(IReadOnlyList<string> methods) => methods.Count switch
    {
        1 => $"This resource allows {methods[0]} only.",
        _ => $"This resource allows {string.Join(", ", methods.Take(methods.Count - 1))} and {methods[^1]}.",
    };
}
