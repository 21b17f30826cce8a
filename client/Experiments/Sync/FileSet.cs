namespace Concurrency.Client.Experiments;

/// <summary>
/// The files the <c>sync</c> experiment reads: written by the experiment into a temporary folder of its own, all of
/// one size with distinct contents, and deleted with the folder when the experiment ends. Files just written stay in
/// the page cache, so reading them is a warm read: system calls and a memory copy, not the disk.
/// </summary>
public sealed class FileSet : IDisposable
{
    private readonly List<string> _paths = [];

    private FileSet(string folder, int fileBytes) => (Folder, FileBytes) = (folder, fileBytes);

    public string Folder { get; }

    public int FileBytes { get; }

    public int Count => _paths.Count;

    /// <summary>A fresh, empty folder under the system's temporary folder.</summary>
    public static FileSet Create(int fileBytes)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"concurrency-lab-sync-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return new FileSet(folder, fileBytes);
    }

    /// <summary>The first <paramref name="count"/> files, written now where they do not exist yet.</summary>
    public IReadOnlyList<string> First(int count)
    {
        var content = new byte[FileBytes];
        while (_paths.Count < count)
        {
            Random.Shared.NextBytes(content);
            var path = Path.Combine(Folder, $"file-{_paths.Count:D5}.bin");
            File.WriteAllBytes(path, content);
            _paths.Add(path);
        }

        return _paths.GetRange(0, count);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
