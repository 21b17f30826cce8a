namespace Concurrency.Hosting;

/// <summary>
/// The two parts of a silo's metrics, each with its own price on the call path: the lab's call filter, which counts
/// every incoming call's turn, and the OpenTelemetry meter provider, whose listening makes Orleans record its
/// instruments. A silo runs both; <c>client bench --metrics-part</c> runs one, to measure what each costs.
/// </summary>
[Flags]
public enum MetricsParts
{
    CallFilter = 1,
    MeterProvider = 2,
    Both = CallFilter | MeterProvider,
}
