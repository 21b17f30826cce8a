namespace Concurrency.Hosting.Sites;

/// <summary>How a simulated site answers one request.</summary>
public enum SiteOutcome
{
    /// <summary>After the latency, every byte, at full speed.</summary>
    Normal,

    /// <summary>After the latency, a 500.</summary>
    InternalServerError,

    /// <summary>After the latency, a 503.</summary>
    ServiceUnavailable,

    /// <summary>After the latency, the connection is dropped without an answer.</summary>
    Reset,

    /// <summary>No answer at all, until the client gives up.</summary>
    Hang,

    /// <summary>After the latency, the headers, then the body in a trickle.</summary>
    Slow,
}
