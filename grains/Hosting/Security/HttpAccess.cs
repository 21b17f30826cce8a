namespace Concurrency.Hosting.Security;

/// <summary>Who may use the silo's HTTP routes: decided once per silo, for every route it serves now or later.</summary>
public enum HttpAccess
{
    /// <summary>Bound to loopback: only this machine can reach it, so no login is asked.</summary>
    Loopback,

    /// <summary>Bound beyond loopback with a login: every request, on every route, must carry it.</summary>
    LoginRequired,

    /// <summary>Bound beyond loopback without a login: HTTP listens on loopback only, the rest of the silo where asked.</summary>
    LoopbackOnly,

    /// <summary>Bound beyond loopback without a login because <c>--insecure-open-http</c> asked for it: open to anyone.</summary>
    OpenToAnyone,
}
