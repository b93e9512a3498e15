namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>Thrown by the connect callback when every address of a host is refused by <see cref="AddressRules"/>.</summary>
public sealed class ForbiddenTargetException : Exception
{
    public ForbiddenTargetException()
    {
    }

    public ForbiddenTargetException(string message)
        : base(message)
    {
    }

    public ForbiddenTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
