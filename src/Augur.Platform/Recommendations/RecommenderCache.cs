using System.Collections.Concurrent;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Storage;
using Augur.Recommend.Bundles;
using Augur.Recommend.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Platform.Recommendations;

/// <summary>
/// Loads each recommender version once (bundle, catalogue, purchases, precomputed lists) and keeps it for every later
/// request. A version changes only when the batch writes newer lists, so the key is (run, batch file): a new batch
/// loads beside the old one, which is dropped once replaced.
/// </summary>
public sealed class RecommenderCache(IArtifactStore store, IServiceScopeFactory scopes)
{
    // Lazy so that concurrent first requests for one version load it once.
    private readonly ConcurrentDictionary<Guid, (string? BatchKey, DateTime? BatchAt, Lazy<Task<LoadedRecommender>> Load)> _loaded = new();

    public Task<LoadedRecommender> GetAsync(RecommenderRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        // The hot path: the version is loaded and current, so the request allocates nothing here.
        if (_loaded.TryGetValue(run.Id, out var hit) && hit.BatchKey == run.BatchKey && hit.Load.IsValueCreated && hit.Load.Value.IsCompletedSuccessfully)
        {
            return hit.Load.Value;
        }

        return LoadOrWaitAsync(run, cancellationToken);
    }

    private async Task<LoadedRecommender> LoadOrWaitAsync(RecommenderRun run, CancellationToken cancellationToken)
    {
        // A node may still hold a run read before the latest batch: it never swaps newer lists for older ones.
        var entry = _loaded.AddOrUpdate(
            run.Id,
            _ => (run.BatchKey, run.BatchAt, new Lazy<Task<LoadedRecommender>>(() => LoadAsync(run))),
            (_, old) => old.BatchKey == run.BatchKey || (old.BatchAt ?? DateTime.MinValue) > (run.BatchAt ?? DateTime.MinValue)
                ? old
                : (run.BatchKey, run.BatchAt, new Lazy<Task<LoadedRecommender>>(() => LoadAsync(run, old.Load))));
        try
        {
            return await entry.Load.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (entry.Load.Value.IsFaulted)
        {
            // A failed load is not kept: the next request tries again.
            _loaded.TryRemove(new KeyValuePair<Guid, (string?, DateTime?, Lazy<Task<LoadedRecommender>>)>(run.Id, entry));
            throw;
        }
    }

    /// <summary>Loads a version; after a new batch only the lists are read, the rest comes from <paramref name="previous"/>.</summary>
    private async Task<LoadedRecommender> LoadAsync(RecommenderRun run, Lazy<Task<LoadedRecommender>>? previous = null)
    {
        if (previous is { IsValueCreated: true } && previous.Value.IsCompletedSuccessfully)
        {
            var old = previous.Value.Result;
            var lists = run.BatchKey is null ? null : await ReadListsAsync(run.BatchKey);
            return new LoadedRecommender(run, old.Model, old.Catalogue, old.Purchases, lists);
        }

        Recommender model;
        using (var bundle = await store.CheckOutAsync(run.BundleKey!, CancellationToken.None))
        {
            (model, _) = await RecommenderBundle.LoadAsync(bundle.Path, CancellationToken.None);
        }

        var folder = TrainRecommenderJob.FolderOf(run);
        var purchases = await ReadListsAsync($"{folder}/purchases.bin") ?? new UserLists([], null);
        var precomputed = run.BatchKey is null ? null : await ReadListsAsync(run.BatchKey);
        var catalogue = Catalogue.Empty;
        if (run.CatalogueDatasetId is { } catalogueId)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AugurDbContext>();
            var dataset = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == catalogueId);
            if (dataset is not null)
            {
                catalogue = await StoredCatalogue.ReadAsync(store, dataset, CancellationToken.None);
            }
        }

        return new LoadedRecommender(run, model, catalogue, purchases, precomputed);
    }

    private async Task<UserLists?> ReadListsAsync(string key)
    {
        if (!store.Exists(key))
        {
            return null;
        }

        await using var stream = store.OpenRead(key);
        return await UserLists.ReadAsync(stream, CancellationToken.None);
    }
}
