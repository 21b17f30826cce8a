using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace Concurrency.Hosting.Security;

/// <summary>
/// TLS for silo-to-silo and client-to-gateway connections (Microsoft.Orleans.Connections.Security). The lab's trust
/// model is one cluster certificate: every silo and every client holds the same PFX, presents it, and accepts a peer
/// only if the peer presents that very certificate (pinned by thumbprint). So a silo or client without the file can
/// neither join nor connect, whoever signed its own certificate, and no CA is needed for a development cluster.
/// </summary>
public static class LabTls
{
    public const string DevelopmentSubject = "CN=concurrency-lab-development";

    /// <summary>Both ends present a certificate, and both accept only the cluster's own.</summary>
    public static void Configure(TlsOptions tls, X509Certificate2 cluster)
    {
        tls.LocalCertificate = cluster;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        var pinned = cluster.GetCertHash(HashAlgorithmName.SHA256);
        tls.RemoteCertificateValidation = (remote, _, _) => CryptographicOperations.FixedTimeEquals(remote.GetCertHash(HashAlgorithmName.SHA256), pinned);
    }

    /// <summary>The certificate in <paramref name="path"/> (PFX, with its private key); bad input is one clear line.</summary>
    public static X509Certificate2 Load(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--cert {path}: no such file.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (CryptographicException e)
        {
            throw new UsageException($"--cert {path} is not a PFX this password opens ({e.Message.TrimEnd('.')}); give --cert-password if it has one.");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new UsageException($"--cert {path} has no private key: TLS needs the PFX with its key.");
        }

        return certificate;
    }

    /// <summary>
    /// A self-signed certificate for a development cluster, written without a password to <paramref name="directory"/>
    /// (a fresh folder under the temp directory if null). Returns the path: give it to the other silos and clients.
    /// </summary>
    public static string CreateDevelopment(string? directory = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(DevelopmentSubject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // server and client authentication
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        directory ??= Directory.CreateTempSubdirectory("concurrency-lab-tls-").FullName;
        var path = Path.Combine(directory, $"cluster-{certificate.Thumbprint[..8].ToLowerInvariant()}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx));
        return path;
    }
}
