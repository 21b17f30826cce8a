namespace Concurrency.Grains.Tracing;

/// <summary>
/// What a grain is for in the lab's runs, in the words its timelines use for its lanes ("event loop (reentrant)",
/// "number cruncher"). The trace and the lab page keep the grain's type and key for the tooltip.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LaneRoleAttribute(string role) : Attribute
{
    public string Role { get; } = role;

    /// <summary>A grain class's role, read once per class; its type's name where it has none.</summary>
    public static string Of(Type grain) => Roles.GetOrAdd(grain, static t => t.GetCustomAttributes(typeof(LaneRoleAttribute), inherit: false) is [LaneRoleAttribute a, ..] ? a.Role : t.Name);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> Roles = new();
}
