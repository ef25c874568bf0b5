namespace Augur.Platform.Storage;

/// <summary>
/// Where files live: uploads, clean datasets and model bundles, addressed by keys such as "datasets/{id}/clean/x.jsonl".
/// On one machine this is the data directory; scaled out it is shared storage mounted on every node. Content is
/// encrypted at rest unless Security:EncryptArtifacts is off, so nothing outside the store reads its files directly:
/// streams go through <see cref="OpenRead"/> and <see cref="WriteAsync"/>, and readers that need a path use
/// <see cref="CheckOutAsync"/> and write into a <see cref="WorkFolder"/> that <see cref="CheckInAsync"/> stores.
/// </summary>
public interface IArtifactStore
{
    Task WriteAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>The plaintext of a stored artifact, streamed.</summary>
    Stream OpenRead(string key);

    bool Exists(string key);

    /// <summary>The size of the stored file (the encrypted size, within 0.1 % of the content's).</summary>
    long SizeOf(string key);

    void Delete(string key);

    void DeleteTree(string keyPrefix);

    /// <summary>The artifact as a local plaintext file, for as long as the copy is not disposed.</summary>
    Task<LocalCopy> CheckOutAsync(string key, CancellationToken cancellationToken);

    /// <summary>A private, empty folder for a job's outputs.</summary>
    WorkFolder CreateWorkFolder();

    /// <summary>Stores a local file under <paramref name="key"/> (replacing what was there) and deletes the local file.</summary>
    Task CheckInAsync(string key, string localPath, CancellationToken cancellationToken);

    /// <summary>Stores every file under <paramref name="localFolder"/> below <paramref name="keyPrefix"/>, keeping relative paths.</summary>
    Task CheckInFolderAsync(string keyPrefix, string localFolder, CancellationToken cancellationToken);
}
