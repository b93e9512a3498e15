using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CitationMonitor.Api.Http;

/// <summary>
/// What a request body the endpoint could not take says to the client, in the client's own terms: the JSON field and
/// the kind of value it needs, or the media type it sent.
/// </summary>
internal static partial class RequestBodies
{
    public const string JsonAdvice = "send JSON with Content-Type: application/json";

    /// <summary>The detail of a 415: the media type sent (or its absence), and the one to send.</summary>
    public static string UnsupportedMediaType(HttpRequest request)
    {
        var sent = request.ContentType;
        if (string.IsNullOrWhiteSpace(sent))
        {
            return $"The request body has no Content-Type; {JsonAdvice}{UploadAdvice(request)}.";
        }

        var shown = sent.Length > 100 ? sent[..100] + "…" : sent;
        return $"A request body of type '{shown}' is not accepted here; {JsonAdvice}{UploadAdvice(request)}.";
    }

    /// <summary>Where a file may be uploaded instead of JSON, how to send it.</summary>
    private static string UploadAdvice(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/documents", StringComparison.OrdinalIgnoreCase)
            ? ", or the document as a file in multipart/form-data (a part named 'file')"
            : "";

    /// <summary>
    /// A 400 for valid JSON of the wrong shape: the field at <paramref name="jsonPath"/> (as the client spelled it) and
    /// the kind of value it takes, read from the type the endpoint binds; the whole body when the path is the root.
    /// </summary>
    public static ProblemDetails WrongShape(Endpoint? endpoint, string? jsonPath)
    {
        var bodyType = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        var field = FieldOf(jsonPath);
        if (field is null)
        {
            return new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Bad request",
                Detail = "The request body must be a JSON object" + (bodyType is null ? "." : $" with the fields {string.Join(", ", FieldNames(bodyType))}."),
            };
        }

        var property = bodyType is not null && SimpleName().IsMatch(field)
            ? bodyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(JsonName(p), field, StringComparison.OrdinalIgnoreCase))
            : null;
        var message = property is null ? "has a value of the wrong type." : $"must be {Kind(property.PropertyType)}.";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
        };
    }

    /// <summary><c>$.documentId</c> is <c>documentId</c>, <c>$['odd name']</c> is <c>odd name</c>, <c>$</c> is null.</summary>
    private static string? FieldOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return null;
        }

        var field = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return BracketedName().Replace(field, match => match.Groups[1].Value);
    }

    private static IEnumerable<string> FieldNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(JsonName);

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static string Kind(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Kind(underlying) + ", or null";
        }

        if (type == typeof(string))
        {
            return "text (a JSON string)";
        }

        if (type == typeof(bool))
        {
            return "true or false";
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(DateOnly))
        {
            return "an ISO 8601 date or time as a string, e.g. \"2026-01-31\"";
        }

        if (type == typeof(TimeSpan))
        {
            return "a duration as a string, e.g. \"7.00:00:00\"";
        }

        if (type.IsEnum)
        {
            var names = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(f.Name));
            return "one of: " + string.Join(", ", names);
        }

        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte)
            || type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) || type == typeof(sbyte))
        {
            return "a whole number";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "a number";
        }

        return typeof(IEnumerable).IsAssignableFrom(type) ? "a list (a JSON array)" : "a JSON object";
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SimpleName();

    [GeneratedRegex(@"^\['(.*)'\]$")]
    private static partial Regex BracketedName();
}
