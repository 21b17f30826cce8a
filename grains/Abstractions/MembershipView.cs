namespace Concurrency.Abstractions;

/// <summary>
/// One silo's view of membership: the silos it holds active, by address, at membership version <see cref="Version"/>.
/// Versions grow with every change to the membership table, so of two views the one with the higher version is the newer.
/// </summary>
[GenerateSerializer, Immutable, Alias("concurrency.membership-view")]
public sealed record MembershipView(long Version, string[] Active);
