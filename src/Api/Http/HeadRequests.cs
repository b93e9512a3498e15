using Microsoft.AspNetCore.Http.Features;

namespace CitationMonitor.Api.Http;

/// <summary>
/// HEAD answers every GET endpoint (RFC 9110 §9.3.2): the request is routed as GET, the body the endpoint writes
/// is counted and dropped, and the answer carries the headers, status and Content-Length the GET would have had.
/// An endpoint whose body is costly to make (a WARC export) may leave it unmade (<see cref="TryLeaveBodyUnmade"/>):
/// its answer then has the GET's status and headers but no Content-Length, which only making the body would tell.
/// The logged method stays HEAD.
/// </summary>
internal static class HeadRequests
{
    /// <remarks>Must run before routing, so that HEAD finds the GET endpoints.</remarks>
    public static IApplicationBuilder UseHeadAsGet(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var serverBody = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var counter = new CountingSink();
        var countingBody = new StreamResponseBodyFeature(counter, serverBody);
        var head = new HeadRequest();
        context.Features.Set<IHttpResponseBodyFeature>(countingBody);
        context.Features.Set(head);
        context.Request.Method = HttpMethods.Get;
        try
        {
            await next(context);
            await countingBody.CompleteAsync();  // bytes still buffered in its writer are counted too
            if (!head.BodyLeftUnmade && !context.Response.HasStarted && context.Response.ContentLength is null
                && MayHaveContent(context.Response.StatusCode))
            {
                // What the GET would have said, zero included: the server writes "Content-Length: 0" for an empty GET.
                context.Response.ContentLength = counter.Length;
            }
        }
        finally
        {
            context.Request.Method = HttpMethods.Head;
            context.Features.Set(serverBody);
            context.Features.Set<HeadRequest>(null);
        }
    });

    /// <summary>
    /// True on HEAD, for an endpoint that then answers with the status and headers of its GET but does not make the
    /// body; the answer carries no Content-Length. False on GET, where the body must be made.
    /// </summary>
    public static bool TryLeaveBodyUnmade(this HttpContext context)
    {
        if (context.Features.Get<HeadRequest>() is not { } head)
        {
            return false;
        }

        head.BodyLeftUnmade = true;
        return true;
    }

    /// <summary>Whether an answer with this status may carry content, and so a Content-Length (RFC 9110 §8.6).</summary>
    private static bool MayHaveContent(int status) => status >= 200 && status != StatusCodes.Status204NoContent && status != StatusCodes.Status304NotModified;

    /// <summary>Marks a HEAD request while it is answered as a GET.</summary>
    private sealed class HeadRequest
    {
        public bool BodyLeftUnmade { get; set; }
    }

    /// <summary>A write-only stream that keeps only the number of bytes written to it.</summary>
    private sealed class CountingSink : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            _length += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
