using Augur.Learning.Bundles;
using Augur.Platform.Configuration;
using Augur.Platform.Deployments;
using Augur.Platform.Models;
using Augur.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Serving;

/// <summary>
/// The loaded models of this node: each version's bundle is loaded once, warmed up, and kept until the cache's memory
/// cap (Augur:Serving:ModelCacheMegabytes) pushes out the least recently used one. Versions are immutable, so a cached
/// bundle never goes stale.
/// </summary>
/// <remarks>
/// A model's memory is estimated as <see cref="ServingOptions.ModelOverheadKilobytes"/> plus its bundle file's size
/// times <see cref="ServingOptions.BundleMemoryFactor"/> (<see cref="EstimatedBytes"/>): a model's fixed cost (its ML.NET
/// context, pipeline and engine) is most of it for the usual bundle of tens of kilobytes.
/// An evicted bundle is dropped, not disposed: a request that already holds it finishes normally, and the garbage
/// collector frees it after (ML.NET's LightGBM and FastTree models are managed objects).
/// </remarks>
public sealed class ModelCache(IArtifactStore store, IOptions<AugurOptions> options)
{
    private readonly ServingOptions _options = options.Value.Serving;

    // Guards _entries and _recency together; held only for dictionary and list updates, never while loading.
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, Entry> _entries = [];
    private readonly LinkedList<Guid> _recency = new();
    private long _bytes;
    private long _loads;
    private long _evictions;

    public ModelCacheStats Stats
    {
        get
        {
            lock (_lock)
            {
                return new ModelCacheStats(_entries.Count, _bytes, Capacity, Interlocked.Read(ref _loads), Interlocked.Read(ref _evictions));
            }
        }
    }

    private long Capacity => _options.ModelCacheMegabytes * 1024L * 1024L;

    /// <summary>The version's bundle, loaded and warmed up on first use. Concurrent first requests load it once.</summary>
    public async Task<ModelBundle> GetAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        Entry entry;
        lock (_lock)
        {
            if (_entries.TryGetValue(version.Id, out var found))
            {
                _recency.Remove(found.Node);
                _recency.AddFirst(found.Node);
                entry = found;
            }
            else
            {
                entry = new Entry(version, new Lazy<Task<ModelBundle>>(() => LoadAsync(version)), new LinkedListNode<Guid>(version.Id));
                _entries[version.Id] = entry;
                _recency.AddFirst(entry.Node);
            }
        }

        try
        {
            return await entry.Bundle.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Bundle.Value.IsFaulted)
        {
            // Do not cache a failed load: the next request tries again.
            Remove(entry, counted: false);
            throw;
        }
    }

    /// <summary>True when the version is loaded (or loading) on this node.</summary>
    public bool Contains(Guid versionId)
    {
        lock (_lock)
        {
            return _entries.ContainsKey(versionId);
        }
    }

    private async Task<ModelBundle> LoadAsync(ModelVersion version)
    {
        ModelBundle bundle;
        await using (var stream = store.OpenRead(version.BundleKey))
        {
            bundle = await ModelBundle.LoadAsync(stream, CancellationToken.None);
        }

        // Warm before anyone sees it: the first real request must not pay for engine creation and JIT.
        bundle.WarmUp();
        Interlocked.Increment(ref _loads);
        var size = EstimatedBytes(version.BundleBytes);
        lock (_lock)
        {
            if (_entries.TryGetValue(version.Id, out var entry))
            {
                entry.Bytes = size;
                _bytes += size;
            }

            EvictOverCapacity(version.Id);
        }

        return bundle;
    }

    /// <summary>What a loaded model of a bundle this size is counted as against the cap.</summary>
    public long EstimatedBytes(long bundleBytes) =>
        (_options.ModelOverheadKilobytes * 1024L) + (long)(Math.Max(bundleBytes, 0) * _options.BundleMemoryFactor);

    private void EvictOverCapacity(Guid keep)
    {
        var node = _recency.Last;
        while (_bytes > Capacity && node is not null)
        {
            var previous = node.Previous;
            if (node.Value != keep && _entries.TryGetValue(node.Value, out var entry) && entry.Bytes > 0)
            {
                _entries.Remove(node.Value);
                _recency.Remove(node);
                _bytes -= entry.Bytes;
                _evictions++;
            }

            node = previous;
        }
    }

    private void Remove(Entry entry, bool counted)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(entry.Version.Id, out var current) && ReferenceEquals(current, entry))
            {
                _entries.Remove(entry.Version.Id);
                _recency.Remove(entry.Node);
                _bytes -= entry.Bytes;
                if (counted)
                {
                    _evictions++;
                }
            }
        }
    }

    private sealed class Entry(ModelVersion version, Lazy<Task<ModelBundle>> bundle, LinkedListNode<Guid> node)
    {
        public ModelVersion Version { get; } = version;

        public Lazy<Task<ModelBundle>> Bundle { get; } = bundle;

        public LinkedListNode<Guid> Node { get; } = node;

        /// <summary>0 until loaded: a model still loading is never evicted.</summary>
        public long Bytes { get; set; }
    }
}
