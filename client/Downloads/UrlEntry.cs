namespace Concurrency.Client.Downloads;

/// <summary>One line of a URL list that holds a URL: the URL when it can be fetched, otherwise why it cannot.</summary>
public sealed record UrlEntry(int Line, string Text, Uri? Url, string? Error)
{
    public bool IsValid => Url is not null;
}
