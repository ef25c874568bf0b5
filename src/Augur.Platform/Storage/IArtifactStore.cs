namespace Augur.Platform.Storage;

/// <summary>
/// Where files live: uploads, clean datasets and model bundles, addressed by keys such as "datasets/{id}/clean/x.jsonl".
/// On one machine this is the data directory; scaled out it is shared storage mounted on every node.
/// </summary>
public interface IArtifactStore
{
    /// <summary>The local path of a key. Readers such as ingestion and training work on files.</summary>
    string GetPath(string key);

    Task WriteAsync(string key, Stream content, CancellationToken cancellationToken);

    Stream OpenRead(string key);

    bool Exists(string key);

    void DeleteTree(string keyPrefix);
}
