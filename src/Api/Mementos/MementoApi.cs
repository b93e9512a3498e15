using CitationMonitor.Api.Http;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Mementos;
using CitationMonitor.Infrastructure.Mementos;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.OpenApi;

namespace CitationMonitor.Api.Mementos;

/// <summary>
/// The Memento protocol (RFC 7089) over the monitor's captures: a TimeMap listing every capture of a source (and the web
/// archive's, when known), a TimeGate that sends a client to the capture closest to its <c>Accept-Datetime</c>, and each
/// capture at its own URL with its archived bytes.
/// </summary>
internal static class MementoApi
{
    private const string TimeMapPrefix = "/timemap/link/";
    private const string TimeGatePrefix = "/timegate/";
    private const string MementoPrefix = "/memento/";

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapMementos(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Memento")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AddOpenApiOperationTransformer((operation, context, _) =>
            {
                // The catch-all {**url} is read from the raw path, so nothing binds it: say what it is.
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = "url",
                    In = ParameterLocation.Path,
                    Required = true,
                    Description = "The watched URL as it is, not percent-encoded, e.g. https://www.gob.mx/informe.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });

                // GET and HEAD share one endpoint and its name; each operation needs its own.
                if (HttpMethods.IsHead(context.Description.HttpMethod ?? "") && operation.OperationId is { } name)
                {
                    operation.OperationId = "Head" + name.Replace("Get", "", StringComparison.Ordinal);
                }

                return Task.CompletedTask;
            });

        group.MapMethods(TimeMapPrefix + "{**url}", GetAndHead, GetTimeMap).WithName("GetTimeMap")
            .Produces<string>(StatusCodes.Status200OK, LinkFormat.ContentType)
            .WithSummary("The TimeMap of a watched URL (RFC 7089): every capture with its datetime, in application/link-format.");
        group.MapMethods(TimeGatePrefix + "{**url}", GetAndHead, GetTimeGate).WithName("GetTimeGate")
            .Produces(StatusCodes.Status302Found)
            .WithSummary("The TimeGate of a watched URL (RFC 7089): a 302 to the capture closest to Accept-Datetime (the newest without it).");
        group.MapMethods(MementoPrefix + "{datetime}/{**url}", GetAndHead, GetMemento).WithName("GetMemento")
            .Produces(StatusCodes.Status200OK).Produces(StatusCodes.Status302Found)
            .WithSummary("One capture of a watched URL at yyyyMMddHHmmss, with its archived bytes and Memento-Datetime; another datetime redirects to the closest capture.");
        return app;
    }

    private static async Task<IResult> GetTimeMap(HttpContext http, MementoStore store, SelfLinks self, CancellationToken cancellationToken)
    {
        var (links, mementos, problem) = await ResolveAsync(http, TimeMapPrefix, store, self, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return TypedResults.Text(LinkFormat.TimeMap(links.Original, links.TimeMap, links.TimeGate, mementos), LinkFormat.ContentType);
    }

    private static async Task<IResult> GetTimeGate(HttpContext http, MementoStore store, SelfLinks self, CancellationToken cancellationToken)
    {
        // RFC 7089 4.1.1: the answer depends on Accept-Datetime, whatever it turns out to be.
        http.Response.Headers.Vary = "accept-datetime";
        DateTimeOffset? wanted = null;
        if (http.Request.Headers.TryGetValue("Accept-Datetime", out var header))
        {
            if (!MementoDatetime.TryParseHttpDate(header.ToString(), out wanted))
            {
                return Problems.Invalid("acceptDatetime", "the Accept-Datetime header must be an HTTP-date, e.g. 'Thu, 31 May 2007 20:35:00 GMT'.");
            }
        }

        var (links, mementos, problem) = await ResolveAsync(http, TimeGatePrefix, store, self, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var chosen = wanted is { } at ? mementos.Closest(at) : mementos.Last;
        if (chosen is null)
        {
            http.Response.Headers.Link = string.Join(", ", links.OriginalAndTimeMap());
            return TypedResults.Problem(
                detail: $"The monitor has no capture of {links.Original} yet.", statusCode: StatusCodes.Status404NotFound, title: "Not Found");
        }

        http.Response.Headers.Link = string.Join(", ", [.. links.OriginalAndTimeMap(), .. links.Neighbours(chosen, mementos)]);
        return TypedResults.Redirect(chosen.Uri);
    }

    private static async Task<IResult> GetMemento(
        string datetime, HttpContext http, MementoStore store, SnapshotStore snapshots, SelfLinks self, CancellationToken cancellationToken)
    {
        if (!MementoDatetime.TryParseDigits(datetime, out var at))
        {
            return Problems.Invalid("datetime", "must be 4 to 14 digits of yyyyMMddHHmmss, e.g. 20260301101500.");
        }

        var prefix = MementoPrefix + datetime + "/";
        var (links, all, problem) = await ResolveAsync(http, prefix, store, self, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var own = new MementoList(all.Items.Where(m => m.SnapshotId is not null));
        var exact = datetime.Length == 14 ? own.Items.FirstOrDefault(m => m.Datetime == at) : null;
        if (exact is null)
        {
            return own.Closest(at) is { } closest
                ? TypedResults.Redirect(closest.Uri)
                : TypedResults.Problem(
                    detail: $"The monitor has no capture of {links.Original} yet.", statusCode: StatusCodes.Status404NotFound, title: "Not Found");
        }

        if (await snapshots.GetRawAsync(exact.SnapshotId!.Value, cancellationToken) is not { } body)
        {
            return Problems.NotFound("snapshot", exact.SnapshotId.Value);
        }

        http.Response.Headers["Memento-Datetime"] = MementoDatetime.ToHttpDate(exact.Datetime);
        http.Response.Headers.Link = string.Join(", ", [.. links.OriginalTimeGateAndTimeMap(), .. links.Neighbours(exact, all)]);

        // Archived bytes are evidence, not a page of this site: never let a browser run them here.
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(body.Bytes, body.ContentType ?? "application/octet-stream");
    }

    /// <summary>
    /// Finds the watched source the request's URL names and its mementos, or the problem to answer when the URL is
    /// malformed or not watched. The links are at the monitor's own address (<see cref="SelfLinks"/>), whatever Host
    /// the request named.
    /// </summary>
    private static async Task<(MementoLinks Links, MementoList Mementos, IResult? Problem)> ResolveAsync(
        HttpContext http, string prefix, MementoStore store, SelfLinks self, CancellationToken cancellationToken)
    {
        var target = TargetUrl(http, prefix);
        if (!UrlNormalizer.TryNormalize(target, out var url, out var error))
        {
            return (null!, null!, Problems.Invalid("url", $"'{target}' cannot be looked up: {error}."));
        }

        if (await store.FindSourceAsync(url, cancellationToken) is not { } source)
        {
            return (null!, null!, TypedResults.Problem(
                detail: $"The monitor does not watch {url.Url}.", statusCode: StatusCodes.Status404NotFound, title: "Not Found"));
        }

        var links = new MementoLinks(self.Base, source.NormalizedUrl);
        var captures = await store.ListCapturesAsync(source.Id, cancellationToken);
        return (links, MementoMapping.ToMementos(links, source, captures), null);
    }

    /// <summary>
    /// The URL after the endpoint's prefix, taken from the request target as sent so that its escapes and query string
    /// are kept as they are; a scheme collapsed to one slash by a proxy (<c>http:/example.org</c>) is repaired, and a
    /// URL without a scheme is taken as <c>http://</c>.
    /// </summary>
    internal static string TargetUrl(HttpContext http, string prefix)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        string rest;
        if (!string.IsNullOrEmpty(raw) && raw.StartsWith(http.Request.PathBase + prefix, StringComparison.OrdinalIgnoreCase))
        {
            rest = raw[(http.Request.PathBase.Value!.Length + prefix.Length)..];
        }
        else
        {
            var path = http.Request.Path.Value ?? "";
            rest = (path.Length > prefix.Length ? path[prefix.Length..] : "") + http.Request.QueryString.Value;
        }

        // A client that escaped the whole URL (http%3A%2F%2Fexample.org%2Fa) means the same URL.
        if (((string[])["http%3A", "https%3A", "http:%2F", "https:%2F"]).Any(escaped => rest.StartsWith(escaped, StringComparison.OrdinalIgnoreCase)))
        {
            rest = Uri.UnescapeDataString(rest);
        }

        foreach (var scheme in (string[])["http:", "https:"])
        {
            if (rest.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && !rest.AsSpan(scheme.Length).StartsWith("//"))
            {
                return string.Concat(rest.AsSpan(0, scheme.Length), "//", rest.AsSpan(scheme.Length).TrimStart('/'));
            }
        }

        return rest.Contains("://", StringComparison.Ordinal) ? rest : "http://" + rest;
    }
}
