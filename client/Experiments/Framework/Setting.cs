using System.CommandLine;
using System.Globalization;
using Concurrency.Cli;
using Concurrency.Hosting;

namespace Concurrency.Client.Experiments;

/// <summary>
/// One option of one experiment, with that experiment's default and, where <c>--quick</c> scales it down, its quick
/// default. Both defaults are shown in the experiment's <c>--help</c>, with why the default is what it is: a size chosen
/// so the claim's effect stands well clear of the noise, or so the run stays short.
/// </summary>
public interface ISetting
{
    Option Option { get; }
}

/// <inheritdoc cref="ISetting"/>
public sealed class Setting<T> : ISetting
    where T : struct
{
    private readonly T _default;
    private readonly T? _quick;

    /// <param name="option">A validating option from <see cref="CliOptions"/>; its description gets the defaults appended.</param>
    /// <param name="why">Why the default is this size, shown after it in <c>--help</c>.</param>
    public Setting(Option<T?> option, T defaultValue, T? quick = null, string? why = null)
    {
        (_default, _quick) = (defaultValue, quick);
        Typed = option;
        Typed.Description = $"{option.Description} [default: {Show(defaultValue)}{(quick is { } q ? $"; with --quick: {Show(q)}" : "")}{(why is null ? "" : $". Why: {why}")}]";
    }

    public Option Option => Typed;

    public Option<T?> Typed { get; }

    /// <summary>The value the user gave, else the default (the quick default under <c>--quick</c>).</summary>
    public T From(ParseResult? parse, bool quick) =>
        parse?.GetResult(Typed) is { Implicit: false } ? parse.GetValue(Typed) ?? _default : quick && _quick is { } q ? q : _default;

    private static string Show(T value) => value switch
    {
        TimeSpan span => DurationText.Format(span),
        IFormattable number when value is int or long => number.ToString("0", CultureInfo.InvariantCulture),
        Enum e => e.ToString().ToLowerInvariant(),
        IFormattable other => other.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>A word from a fixed list, with its default.</summary>
public sealed class WordSetting : ISetting
{
    private readonly string _default;

    public WordSetting(Option<string?> option, string defaultValue)
    {
        _default = defaultValue;
        Typed = option;
        Typed.Description = $"{option.Description} [default: {defaultValue}]";
    }

    public Option Option => Typed;

    public Option<string?> Typed { get; }

    public string From(ParseResult? parse) =>
        parse?.GetResult(Typed) is { Implicit: false } ? parse.GetValue(Typed) ?? _default : _default;
}

/// <summary>
/// What the command line gave one experiment: its parse result (null in tests), <c>--quick</c>, and the strategies
/// chosen with <c>--strategy</c> (null: all), which some experiments' limits depend on.
/// </summary>
public sealed record SettingValues(ParseResult? Parse, bool Quick, IReadOnlyList<string>? Strategies = null)
{
    /// <summary>True when <paramref name="strategy"/> will run.</summary>
    public bool Runs(IStrategy strategy) => Strategies is null || Strategies.Count == 0 || Strategies.Contains(strategy.Name);

    public T Get<T>(Setting<T> setting)
        where T : struct => setting.From(Parse, Quick);

    public string Get(WordSetting setting) => setting.From(Parse);

    public bool Has(ISetting setting) => Parse?.GetResult(setting.Option) is { Implicit: false };
}
