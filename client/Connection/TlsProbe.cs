using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Concurrency.Client.Connection;

/// <summary>
/// Whether an endpoint answers a TLS handshake with a certificate. A plain Orleans client at a TLS cluster's gateway
/// gets its connection closed at every try and keeps trying until its connect timeout; asking the gateway to start
/// a TLS handshake tells at once why. The certificate is only looked at, never trusted: the probe rejects it and
/// sends nothing else.
/// </summary>
public static class TlsProbe
{
    public static async Task<bool> SpeaksTlsAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient(endpoint.AddressFamily);
        var presented = false;
        try
        {
            await client.ConnectAsync(endpoint, deadline.Token);
            await using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            {
                presented = certificate is not null;
                return false;
            });
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = endpoint.Address.ToString() }, deadline.Token);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Rejected by us (it spoke TLS), closed, or silent: the flag says which.
        }

        return presented;
    }
}
