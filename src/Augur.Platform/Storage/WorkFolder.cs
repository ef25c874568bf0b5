namespace Augur.Platform.Storage;

/// <summary>
/// A private folder in the scratch area where a job writes its outputs before <see cref="IArtifactStore.CheckInAsync"/>
/// stores (and encrypts) them. Deleted with everything in it on dispose, and at start-up after a crash.
/// </summary>
public sealed class WorkFolder : IDisposable
{
    internal WorkFolder(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder (sub-folders are created).</summary>
    public string File(string relative)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>A sub-folder, created if needed.</summary>
    public string Folder(string relative) => Directory.CreateDirectory(System.IO.Path.Combine(Path, relative)).FullName;

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
