using System.Text.Json.Serialization;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What the mixed experiment measures first: T1 and the local pi (as <see cref="PiCosts"/>), and the latency of the
/// same requests on an idle handler (no job anywhere): the floor both strategies' latencies stand on.
/// </summary>
public sealed record MixedCosts(double T1Seconds, [property: JsonConverter(typeof(ReportJson.ExactDoubleConverter))] double LocalPi, double IdleP50Ms, double IdleP99Ms, double? FreeCores = null) : MeasuredCosts;
