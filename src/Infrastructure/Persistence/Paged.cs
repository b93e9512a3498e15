namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>A page of a newest-first list, in the contract's shape.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public Paged<TOut> Map<TOut>(Func<T, TOut> map) => new([.. Items.Select(map)], Page, PageSize, Total);
}

/// <summary>Which page of a list to read; validated at the API edge.</summary>
public sealed record PageRequest(int Page = 1, int PageSize = PageRequest.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    public int Offset => (Page - 1) * PageSize;
}
