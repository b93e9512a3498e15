using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;
using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>Thrown inside one attempt when its own time limit ran out (as opposed to the caller cancelling).</summary>
internal sealed class AttemptTimeoutException(TimeSpan timeout)
    : TimeoutException($"timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");

/// <summary>How an exception from one attempt reads as a check outcome, and whether another attempt may help.</summary>
internal readonly record struct FetchFailure(CheckStatus Status, string Error, bool IsTransient, string? Reason = null);

internal static class FetchFailures
{
    public static FetchFailure Classify(Exception exception)
    {
        if (exception is AttemptTimeoutException timeout)
        {
            return new(CheckStatus.Timeout, timeout.Message, IsTransient: true, CheckReasons.AttemptTimeout);
        }

        if (Find<ContentDecodingException>(exception) is { } decoding)
        {
            // A cut-off stream is the connection's fault and may come whole next time; corrupt data will not.
            return decoding.CutOff
                ? new(CheckStatus.ConnectionError, decoding.Message, IsTransient: true, CheckReasons.ResponseEnded)
                : new(CheckStatus.ConnectionError, decoding.Message, IsTransient: false, CheckReasons.CorruptEncoding);
        }

        if (Find<ForbiddenTargetException>(exception) is { } forbidden)
        {
            return new(CheckStatus.ForbiddenTarget, forbidden.Message, IsTransient: false, CheckReasons.ForbiddenAddress);
        }

        if (Find<AuthenticationException>(exception) is { } tls)
        {
            return new(CheckStatus.TlsError, "certificate rejected: " + tls.Message, IsTransient: false, CheckReasons.CertificateRejected);
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain =>
                    new(CheckStatus.DnsError, "name not resolved", IsTransient: false, CheckReasons.NameNotResolved),
                SocketError.ConnectionRefused => new(CheckStatus.ConnectionError, "connection refused", IsTransient: true, CheckReasons.ConnectionRefused),
                SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown =>
                    new(CheckStatus.ConnectionError, "connection reset", IsTransient: true, CheckReasons.ConnectionReset),
                SocketError.TimedOut => new(CheckStatus.ConnectionError, "connection timed out", IsTransient: true, CheckReasons.ConnectTimeout),
                SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown =>
                    new(CheckStatus.ConnectionError, "host unreachable", IsTransient: false, CheckReasons.HostUnreachable),
                _ => new(CheckStatus.ConnectionError, "connection failed: " + socket.SocketErrorCode, IsTransient: false, CheckReasons.ConnectionFailed),
            };
        }

        var httpError = Find<HttpRequestException>(exception)?.HttpRequestError ?? Find<HttpIOException>(exception)?.HttpRequestError;
        switch (httpError)
        {
            case HttpRequestError.NameResolutionError:
                return new(CheckStatus.DnsError, "name not resolved", IsTransient: false, CheckReasons.NameNotResolved);
            case HttpRequestError.SecureConnectionError:
                return new(CheckStatus.TlsError, "TLS handshake failed", IsTransient: false, CheckReasons.TlsHandshakeFailed);
            case HttpRequestError.ConnectionError:
                return new(CheckStatus.ConnectionError, "connection failed", IsTransient: true, CheckReasons.ConnectionFailed);
            case HttpRequestError.ResponseEnded:
                return new(CheckStatus.ConnectionError, "connection closed before the response ended", IsTransient: true, CheckReasons.ResponseEnded);
            case HttpRequestError.InvalidResponse:
                return new(CheckStatus.ConnectionError, "invalid HTTP response", IsTransient: false, CheckReasons.InvalidResponse);
            case HttpRequestError.ConfigurationLimitExceeded:
                return new(CheckStatus.ConnectionError, "response headers too large", IsTransient: false, CheckReasons.HeadersTooLarge);
            case { } other:
                return new(CheckStatus.ConnectionError, "HTTP error: " + other, IsTransient: false, CheckReasons.ConnectionFailed);
            default:
                break;
        }

        if (Find<IOException>(exception) is not null)
        {
            return new(CheckStatus.ConnectionError, "connection reset", IsTransient: true, CheckReasons.ConnectionReset);
        }

        return new(CheckStatus.ConnectionError, "request failed: " + exception.GetType().Name, IsTransient: false, CheckReasons.ConnectionFailed);
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T match)
            {
                return match;
            }
        }

        return null;
    }
}
