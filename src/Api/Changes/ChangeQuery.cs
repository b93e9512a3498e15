using CitationMonitor.Api.Http;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Infrastructure.Changes;
using Microsoft.AspNetCore.Mvc;

namespace CitationMonitor.Api.Changes;

/// <summary>The filters of a list of changes, across citations or of one: <c>?since=&amp;until=&amp;documentId=&amp;kind=&amp;minWords=</c>.</summary>
internal sealed record ChangeQuery(
    [property: FromQuery(Name = "since")] string? Since,
    [property: FromQuery(Name = "until")] string? Until,
    [property: FromQuery(Name = "documentId")] string? DocumentId,
    [property: FromQuery(Name = "kind")] string? Kind,
    [property: FromQuery(Name = "minWords")] string? MinWords)
{
    public ChangeFilter Parse(QueryErrors errors)
    {
        var filter = new ChangeFilter(
            errors.Time("since", Since),
            errors.Time("until", Until),
            errors.Id("documentId", DocumentId),
            Kind: errors.OneOf<ChangeKind>("kind", Kind),
            MinWords: string.IsNullOrWhiteSpace(MinWords) ? null : errors.Int("minWords", MinWords, 0, 0, int.MaxValue));
        if (filter is { Since: { } since, Until: { } until } && until < since)
        {
            errors.Add("until", "'until' is before 'since'.");
        }

        return filter;
    }
}
