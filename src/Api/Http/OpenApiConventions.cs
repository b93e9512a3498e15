using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;

namespace CitationMonitor.Api.Http;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, kept free of errors under Redocly's <c>minimal</c> ruleset
/// (tests/openapi-lint): one server, the monitor's own address (<see cref="SelfLinks"/>) without a trailing slash, every
/// tag described, and the <c>X-Api-Key</c> scheme named on the writes that require it while reads stay open.
/// </summary>
internal static class OpenApiConventions
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Citations"] = "Watched URLs: their health, checks, snapshots, changes and edits, and checks run on demand.",
        ["Documents"] = "Policy documents, the sources they cite and reports on them.",
        ["Snapshots"] = "Captures of cited pages: metadata, the archived bytes as received and the extracted text.",
        ["Changes"] = "Changes of a source's text between captures, with their diffs and an Atom feed.",
        ["Summary"] = "Counts of citations by health, status and host.",
        ["Export"] = "Captures as WARC 1.1 files, by citation, by document or by time.",
        ["Memento"] = "The Memento protocol (RFC 7089): TimeMaps, TimeGates and each capture at its own URL.",
        ["Fixity"] = "Whether stored evidence still hashes to what was recorded when it was captured.",
        ["Backups"] = "Copies of the database, made on demand.",
    };

    public static IServiceCollection AddMonitorOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, context.Document)] = [] }];
            }

            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, context, _) =>
        {
            // ASP.NET Core would name the request's own Host: the monitor's address instead, without a trailing slash
            // that paths would double.
            document.Servers = [new OpenApiServer { Url = context.ApplicationServices.GetRequiredService<SelfLinks>().Base }];

            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                {
                    tag.Description ??= description;
                }
            }

            document.AddComponent<IOpenApiSecurityScheme>(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "One of Monitor:ApiKeys. While none is configured, writes are accepted from clients on the monitor's own machine only.",
            });

            // Reads need no key: an empty requirement is "anonymous", and the writes name the key scheme themselves.
            document.Security = [new OpenApiSecurityRequirement()];
            return Task.CompletedTask;
        });
    });
}
