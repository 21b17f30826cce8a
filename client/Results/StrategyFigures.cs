using System.Text.Json;
using System.Text.Json.Serialization;

namespace Concurrency.Client.Results;

/// <summary>
/// The figures one strategy measured, beyond its wall time: each experiment has a record of its own
/// (<c>CpuFigures</c>, <c>DownloadsFigures</c>, ...) that its judge, its table and the tests read by field. In the
/// JSON they are the strategy's <c>metrics</c>, written as the record's own type.
/// </summary>
[JsonConverter(typeof(RuntimeTypeConverter<StrategyFigures>))]
public abstract record StrategyFigures;

/// <summary>Figures that count failed operations: a soak fails on any.</summary>
public interface ICountsFailures
{
    long Failed { get; }
}

/// <summary>
/// The settings an experiment ran with, as the JSON's <c>parameters</c>: each experiment's settings record derives
/// from this and is written as its own type.
/// </summary>
[JsonConverter(typeof(RuntimeTypeConverter<ExperimentSettings>))]
public abstract record ExperimentSettings;

/// <summary>
/// Costs an experiment measured before its strategies, that its models take (T1, one job run here in the caller;
/// the cost of one grain call): written as <c>costs</c>.
/// </summary>
[JsonConverter(typeof(RuntimeTypeConverter<MeasuredCosts>))]
public abstract record MeasuredCosts;

/// <summary>An experiment whose models need no measured cost.</summary>
public sealed record NoCosts : MeasuredCosts
{
    public static NoCosts Instance { get; } = new();
}

/// <summary>Writes a value as its runtime type, so a base-typed field carries all of its record's fields.</summary>
public sealed class RuntimeTypeConverter<TBase> : JsonConverter<TBase>
    where TBase : class
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert == typeof(TBase);

    public override TBase Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{typeof(TBase).Name} is written, never read back.");

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
}
