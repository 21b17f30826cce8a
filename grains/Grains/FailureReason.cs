using System.Net.Sockets;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Concurrency.Grains;

/// <summary>
/// Why a download failed, in words short enough to group: many downloads failing for one reason are one line of the
/// summary with a count, not thousands of messages.
/// </summary>
internal static class FailureReason
{
    public const string Cancelled = "cancelled";
    public const string CircuitOpen = "circuit open";
    public const string ConnectionReset = "connection reset";

    public static string Of(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => Cancelled,
        TimeoutRejectedException => "timed out",
        BrokenCircuitException => CircuitOpen,
        HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded } => ConnectionReset,
        HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } } => ConnectionReset,
        HttpRequestException { InnerException: IOException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionReset } } } => ConnectionReset,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "could not connect",
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "host not found",
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError } => "TLS handshake failed",
        HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse } => "invalid HTTP response",
        HttpRequestException e => $"request failed ({e.HttpRequestError})",
        UriFormatException => "malformed URL",
        OperationCanceledException => "timed out",
        _ => exception.GetType().Name,
    };

    public static string OfStatus(int statusCode) => $"HTTP {statusCode}";
}
