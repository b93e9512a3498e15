using CitationMonitor.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace CitationMonitor.Api.Http;

/// <summary><c>?page=&amp;pageSize=</c>, shared by every list.</summary>
internal sealed record PagingParameters(
    [property: FromQuery(Name = "page")] string? Page,
    [property: FromQuery(Name = "pageSize")] string? PageSize)
{
    public PageRequest Parse(QueryErrors errors) => new(
        errors.Int("page", Page, 1, 1, int.MaxValue / PageRequest.MaxPageSize),
        errors.Int("pageSize", PageSize, PageRequest.DefaultPageSize, 1, PageRequest.MaxPageSize));
}
