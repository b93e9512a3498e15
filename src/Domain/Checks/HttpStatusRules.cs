namespace CitationMonitor.Domain.Checks;

/// <summary>Maps a final HTTP status code onto the check vocabulary.</summary>
public static class HttpStatusRules
{
    /// <summary>The status for a final (non-redirect) HTTP answer, before any soft-404 judgement.</summary>
    public static CheckStatus FromHttpStatus(int httpStatus) => httpStatus switch
    {
        >= 200 and < 300 => CheckStatus.Ok,
        304 => CheckStatus.Ok,
        404 => CheckStatus.NotFound,
        410 => CheckStatus.Gone,
        401 or 403 or 407 or 451 => CheckStatus.Blocked,
        429 => CheckStatus.RateLimited,
        >= 400 and < 500 => CheckStatus.ClientError,
        >= 500 => CheckStatus.ServerError,
        // 1xx or a 3xx without a Location (one that is there but malformed ends as invalid_url): the server did not answer the request.
        _ => CheckStatus.ClientError,
    };

    /// <summary>Whether an HTTP status is worth another attempt within the same check.</summary>
    public static bool IsTransient(int httpStatus) => httpStatus is 408 or 429 or >= 500;
}
