namespace Concurrency.Client.Experiments;

/// <summary>
/// An experiment's verdict, built from measured checks: the claim holds when every check passes, and the explanation
/// states each check with its figures and tolerance, then why, in actor terms.
/// </summary>
public sealed class LegacyVerdict
{
    private readonly List<(bool Ok, string Text)> _checks = [];

    public LegacyVerdict Check(bool ok, string text)
    {
        _checks.Add((ok, text));
        return this;
    }

    /// <summary>A figure worth stating that does not decide the verdict.</summary>
    public LegacyVerdict Note(string text) => Check(true, text);

    public (bool Holds, string Explanation) Explain(string why) =>
        (_checks.All(c => c.Ok), string.Join("; ", _checks.Select(c => c.Text)) + ". " + why);
}
