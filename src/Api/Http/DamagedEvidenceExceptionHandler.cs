using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.AspNetCore.Diagnostics;

namespace CitationMonitor.Api.Http;

/// <summary>
/// Stored bytes that fail their hash are never served as if they were the capture: the answer is a 500 problem+json
/// naming the snapshot and what is wrong, the same damage the fixity run reports.
/// </summary>
internal sealed class DamagedEvidenceExceptionHandler(IProblemDetailsService problems, ILogger<DamagedEvidenceExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DamagedEvidenceException damaged)
        {
            return false;
        }

        logger.LogError(
            "Refused to serve the {What} of snapshot {SnapshotId}: fixity problem {Problem} (SHA-256 {Sha256})",
            damaged.What, damaged.SnapshotId, damaged.Problem, damaged.Sha256);
        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Stored evidence damaged",
                Detail = damaged.Message,
                Extensions =
                {
                    ["snapshotId"] = damaged.SnapshotId,
                    ["part"] = damaged.What,
                    ["sha256"] = damaged.Sha256,
                    ["problem"] = damaged.Problem,
                },
            },
        });
    }
}
