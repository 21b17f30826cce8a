using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Concurrency.Hosting.Security;

/// <summary>
/// The one rule for the silo's HTTP routes (the dashboard, <c>/sites</c>, and whatever is mapped later). It is a
/// middleware in front of routing, not metadata on endpoints, so a route added tomorrow is covered without anyone
/// remembering to mark it: <c>/sites</c> can be told to send 64 MiB, hang or dribble, and must never be an open
/// amplifier on a public interface by accident.
/// </summary>
public static class HttpGuard
{
    public const string OpenFlag = "--insecure-open-http";

    public static HttpAccess Access(LabSiloOptions options) =>
        Exposure.IsLoopback(options.Address) ? HttpAccess.Loopback
        : options.DashboardLogin is not null ? HttpAccess.LoginRequired
        : options.InsecureOpenHttp ? HttpAccess.OpenToAnyone
        : HttpAccess.LoopbackOnly;

    /// <summary>Where Kestrel listens: the silo's address, except loopback when nothing would guard the routes.</summary>
    public static IPAddress ListenAddress(LabSiloOptions options) =>
        Access(options) == HttpAccess.LoopbackOnly ? IPAddress.Loopback : options.Address;

    public static void AddServices(IServiceCollection services, LabSiloOptions options)
    {
        if (Access(options) == HttpAccess.LoginRequired)
        {
            services.AddSingleton(options.DashboardLogin!);
            services.AddAuthentication(BasicAuthenticationHandler.SchemeName)
                .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(BasicAuthenticationHandler.SchemeName, null);
            services.AddAuthorization();
        }
    }

    /// <summary>The header this silo's own downloaders send to the lab's sites, so they pass the rule too.</summary>
    public static System.Net.Http.Headers.AuthenticationHeaderValue? OwnAuthorization(LabSiloOptions options) =>
        Access(options) == HttpAccess.LoginRequired
            ? new(BasicAuthenticationHandler.SchemeName, Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{options.DashboardLogin!.User}:{options.DashboardLogin.Password}")))
            : null;

    /// <summary>With a login required, every request without it gets the Basic challenge (401), whatever its path.</summary>
    public static void Apply(WebApplication app, LabSiloOptions options)
    {
        if (Access(options) != HttpAccess.LoginRequired)
        {
            return;
        }

        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync(BasicAuthenticationHandler.SchemeName);
                return;
            }

            await next(context);
        });
        app.UseAuthorization();
    }
}
