using Augur.Platform.Configuration;

namespace Augur.Platform.Storage;

/// <summary>The artifact store on a local (or shared, mounted) folder. Keys never escape the root.</summary>
public sealed class FileArtifactStore(AugurPaths paths) : IArtifactStore
{
    private readonly string _root = paths.Artifacts;

    public string GetPath(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        var full = Path.GetFullPath(Path.Combine(_root, key));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The key '{key}' points outside the artifact store.", nameof(key));
        }

        return full;
    }

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var path = GetPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Write to a temporary name first so a crash never leaves a half-written artifact under the real key.
        var temporary = path + ".partial";
        await using (var file = File.Create(temporary))
        {
            await content.CopyToAsync(file, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public Stream OpenRead(string key) => File.OpenRead(GetPath(key));

    public bool Exists(string key) => File.Exists(GetPath(key));

    public void DeleteTree(string keyPrefix)
    {
        var path = GetPath(keyPrefix);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
