using System.Text.Json;
using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Citations;

namespace CitationMonitor.Api.Citations;

/// <summary>
/// What a <c>PATCH</c> of a place sets: its passage (<c>quote</c>) and when the document accessed the source
/// (<c>accessedAt</c>). Only fields present change, and only an explicit <c>null</c> clears one: a body without a field, or
/// with a blank one, must not silently lose it (hence the raw JSON: a bound record cannot tell absent from null).
/// </summary>
internal sealed record PlacePatch(bool SetsQuote, string? Quote, bool SetsAccessedAt, DateTimeOffset? AccessedAt)
{
    /// <summary>Whether the patch sets anything.</summary>
    public bool SetsAny => SetsQuote || SetsAccessedAt;

    /// <summary>Reads the body, which must set one of the fields, adding what is wrong with it to <paramref name="errors"/>.</summary>
    public static PlacePatch Parse(JsonElement body, QueryErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object
            || (!body.TryGetProperty("quote", out _) && !body.TryGetProperty("accessedAt", out _)))
        {
            errors.Add("quote", "Give the passage as \"quote\" (or \"quote\": null to clear it), and/or \"accessedAt\" as an ISO 8601 date.");
            return new PlacePatch(false, null, false, null);
        }

        return ParseFields(body, errors);
    }

    /// <summary>Reads the fields of a place from a body (an object) that may set none of them.</summary>
    public static PlacePatch ParseFields(JsonElement body, QueryErrors errors)
    {
        var setsQuote = body.TryGetProperty("quote", out var quoteGiven);
        string? quote = null;
        if (setsQuote && quoteGiven.ValueKind != JsonValueKind.Null)
        {
            quote = quoteGiven.ValueKind == JsonValueKind.String ? quoteGiven.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(quote) || quote.Length > UpdateCitationRequest.MaxQuoteLength)
            {
                errors.Add("quote", $"The passage must be text of 1 to {UpdateCitationRequest.MaxQuoteLength} characters; use \"quote\": null to clear it.");
            }
        }

        var setsAccessedAt = body.TryGetProperty("accessedAt", out var accessedGiven);
        DateTimeOffset? accessedAt = null;
        if (setsAccessedAt && accessedGiven.ValueKind != JsonValueKind.Null)
        {
            if (accessedGiven.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(accessedGiven.GetString()))
            {
                errors.Add("accessedAt", "must be an ISO 8601 date or time, e.g. 2026-01-31, or null to clear it.");
            }
            else
            {
                accessedAt = errors.Time("accessedAt", accessedGiven.GetString());
            }
        }

        return new PlacePatch(setsQuote, quote, setsAccessedAt, accessedAt);
    }

    /// <summary>The patch as an edit of the citation whose place it is; audited with the rest of the citation's edits.</summary>
    public CitationEdit ToEdit() => new()
    {
        SetsQuote = SetsQuote,
        Quote = Quote,
        SetsAccessedAt = SetsAccessedAt,
        AccessedAt = AccessedAt,
    };
}
