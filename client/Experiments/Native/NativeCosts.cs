using System.Text.Json.Serialization;
using Concurrency.Client.Results;

namespace Concurrency.Client.Experiments;

/// <summary>
/// What the native experiment measures first: one kernel run here in the caller (the faster of two) and its sum,
/// which every kernel call must return to the last bit, and the pings' latency on an idle activation: the floor.
/// </summary>
public sealed record NativeCosts(double KernelSeconds, [property: JsonConverter(typeof(ReportJson.ExactDoubleConverter))] double LocalSum, double IdleP50Ms, double IdleP99Ms) : MeasuredCosts;
