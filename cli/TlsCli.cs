using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Concurrency.Hosting;
using Concurrency.Hosting.Security;

namespace Concurrency.Cli;

/// <summary>The TLS options the silo and the client share: <c>--tls</c>, <c>--cert FILE</c>, <c>--cert-password</c>.</summary>
public sealed class TlsCli
{
    public Option<bool> Tls { get; } = new("--tls") { Description = "Encrypt silo-to-silo and client-to-gateway traffic with TLS, using the cluster's certificate (--cert)." };

    public Option<string?> Cert { get; } = new("--cert") { Description = "The cluster's certificate, a PFX with its key, shared by every silo and client (with --tls)." };

    public Option<string?> CertPassword { get; } = new("--cert-password") { Description = "Password of the --cert PFX, if it has one." };

    public IEnumerable<Option> All => [Tls, Cert, CertPassword];

    /// <summary>
    /// The certificate to use, or null without <c>--tls</c>. With <paramref name="mayGenerate"/> (a silo) and no
    /// <c>--cert</c>, a development certificate is generated and its path returned in <paramref name="generated"/>.
    /// </summary>
    public X509Certificate2? Certificate(ParseResult parse, bool mayGenerate, out string? generated)
    {
        generated = null;
        var path = parse.GetValue(Cert);
        if (!parse.GetValue(Tls))
        {
            return path is null && parse.GetValue(CertPassword) is null
                ? null
                : throw new UsageException("--cert and --cert-password need --tls.");
        }

        if (path is null)
        {
            if (!mayGenerate)
            {
                throw new UsageException("--tls needs --cert FILE: the cluster's certificate (a silo started with --tls and no --cert generates one and prints its path).");
            }

            path = generated = LabTls.CreateDevelopment();
        }

        return LabTls.Load(path, parse.GetValue(CertPassword));
    }
}
