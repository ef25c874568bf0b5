using System.Collections.Concurrent;
using Augur.Learning.Bundles;
using Augur.Platform.Models;
using Augur.Platform.Storage;

namespace Augur.Platform.Serving;

/// <summary>
/// Loads each model version's bundle once and keeps it for every later request. Versions are immutable, so a
/// cached bundle never goes stale. (A memory cap with LRU eviction comes with the serving work.)
/// </summary>
public sealed class ModelCache(IArtifactStore store) : IDisposable
{
    // Lazy so that concurrent first requests for one version load it once.
    private readonly ConcurrentDictionary<Guid, Lazy<Task<ModelBundle>>> _bundles = new();

    public async Task<ModelBundle> GetAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var lazy = _bundles.GetOrAdd(version.Id, _ => new Lazy<Task<ModelBundle>>(() => LoadAsync(version.BundleKey)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            // Do not cache a failed load: the next request tries again.
            _bundles.TryRemove(new KeyValuePair<Guid, Lazy<Task<ModelBundle>>>(version.Id, lazy));
            throw;
        }
    }

    private async Task<ModelBundle> LoadAsync(string bundleKey)
    {
        await using var stream = store.OpenRead(bundleKey);
        return await ModelBundle.LoadAsync(stream, CancellationToken.None);
    }

    public void Dispose()
    {
        foreach (var lazy in _bundles.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Dispose();
            }
        }

        _bundles.Clear();
    }
}
