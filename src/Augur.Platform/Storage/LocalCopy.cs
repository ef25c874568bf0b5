namespace Augur.Platform.Storage;

/// <summary>
/// A stored artifact as a plain local file, for readers that need a path (ingestion, training, file scoring).
/// When artifacts are encrypted this is a decrypted copy in the private scratch folder, deleted on dispose (and at
/// start-up, after a crash); otherwise it is the stored file itself and dispose does nothing.
/// </summary>
public sealed class LocalCopy : IDisposable
{
    private readonly bool _owned;
    private readonly WorkFolder? _folder;

    internal LocalCopy(string path, bool owned, WorkFolder? folder = null)
    {
        Path = path;
        _owned = owned;
        _folder = folder;
    }

    public string Path { get; }

    public void Dispose()
    {
        if (_owned)
        {
            File.Delete(Path);
            _folder?.Dispose();
        }
    }
}
