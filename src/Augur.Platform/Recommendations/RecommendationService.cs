using Augur.Platform.Database;
using Augur.Platform.Deployments;
using Augur.Platform.Projects;
using Augur.Recommend.Models;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Recommendations;

/// <summary>
/// Serving: a customer's top k from the project's current recommender version (the newest), read from the nightly
/// lists first and computed live only for customers the batch did not cover; popular items for customers the model
/// has never met. Every item carries a reason a customer can read. A shop calls with a serving key (a project-wide
/// endpoint key), which needs no database query per request; people (viewers) are checked against the database.
/// </summary>
public sealed class RecommendationService(AugurDbContext db, ProjectService projects, RecommenderCache cache, ServedVersionCache served)
{
    public const int MaxK = 100;

    public async Task<RecommendationList> RecommendAsync(Caller caller, Guid projectId, string customerId, int k, bool excludePurchased, CancellationToken cancellationToken)
    {
        CheckK(k);
        return Recommend(await LoadCurrentAsync(caller, projectId, cancellationToken), customerId, k, excludePurchased);
    }

    /// <summary>The same for a shop's serving key: a project-wide endpoint key of this project (any other key gets 404).</summary>
    public async Task<RecommendationList> RecommendAsync(EndpointKeyIdentity key, Guid projectId, string customerId, int k, bool excludePurchased, CancellationToken cancellationToken)
    {
        CheckK(k);
        return Recommend(await LoadServedAsync(key, projectId, cancellationToken), customerId, k, excludePurchased);
    }

    public async Task<IReadOnlyList<Recommendation>> SimilarAsync(Caller caller, Guid projectId, string itemId, int k, CancellationToken cancellationToken)
    {
        CheckK(k);
        return Similar(await LoadCurrentAsync(caller, projectId, cancellationToken), itemId, k);
    }

    public async Task<IReadOnlyList<Recommendation>> SimilarAsync(EndpointKeyIdentity key, Guid projectId, string itemId, int k, CancellationToken cancellationToken)
    {
        CheckK(k);
        return Similar(await LoadServedAsync(key, projectId, cancellationToken), itemId, k);
    }

    private static RecommendationList Recommend(LoadedRecommender loaded, string customerId, int k, bool excludePurchased)
    {
        var model = loaded.Model;
        var user = model.Train.Users.IndexOf(customerId ?? "");
        if (user < 0)
        {
            var top = model.Recommend(-1, k, excludeSeen: false);
            var popular = new List<Recommendation>(top.Length);
            foreach (var s in top)
            {
                popular.Add(Describe(loaded, -1, s.Item, s.Score));
            }

            return new RecommendationList(customerId ?? "", false, loaded.Version, "popular", null, popular);
        }

        if (excludePurchased && loaded.Precomputed is { } lists && user < lists.UserCount && lists.Items[user].Length >= k)
        {
            var items = lists.Items[user];
            var scores = lists.Scores!;
            var stored = new List<Recommendation>(k);
            for (var j = 0; j < k; j++)
            {
                stored.Add(Describe(loaded, user, items[j], scores[user][j]));
            }

            return new RecommendationList(customerId!, true, loaded.Version, "precomputed", loaded.BatchAt, stored);
        }

        var scored = TopFor(loaded, user, k, excludePurchased);
        var live = new List<Recommendation>(scored.Length);
        foreach (var s in scored)
        {
            live.Add(Describe(loaded, user, s.Item, s.Score));
        }

        return new RecommendationList(customerId!, true, loaded.Version, "live", null, live);
    }

    private static List<Recommendation> Similar(LoadedRecommender loaded, string itemId, int k)
    {
        var item = loaded.Model.Train.Items.IndexOf(itemId ?? "");
        if (item < 0)
        {
            throw new NotFoundException($"No item '{itemId}' is in the current recommender (version {loaded.Version}).");
        }

        var source = loaded.Catalogue.NameOf(itemId!);
        return [.. loaded.Model.SimilarItems(item, k).Select(s => Describe(loaded, -1, s.Item, s.Score) with { Reason = $"often chosen with {source}" })];
    }

    /// <summary>What the customer did, newest first, with catalogue names and prices when there is a catalogue.</summary>
    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(Caller caller, Guid projectId, string customerId, CancellationToken cancellationToken)
    {
        var loaded = await LoadCurrentAsync(caller, projectId, cancellationToken);
        var train = loaded.Model.Train;
        var user = train.Users.IndexOf(customerId ?? "");
        if (user < 0)
        {
            return [];
        }

        var bought = PurchasedOf(loaded, user);
        var items = train.ItemsOf(user).ToArray();
        var weights = train.ValuesOf(user).ToArray();
        var times = train.TimesOf(user).ToArray();
        return [.. items.Select((item, j) =>
            {
                var id = train.Items.Ids[item];
                var entry = loaded.Catalogue.Find(id);
                DateTime? at = times[j] > 0 ? DateTimeOffset.FromUnixTimeSeconds(times[j]).UtcDateTime : null;
                return new HistoryEntry(id, entry?.Name, entry?.Category, entry?.Price, weights[j], bought.BinarySearch(item) >= 0, at);
            })
            .OrderByDescending(h => h.LastAt).ThenByDescending(h => h.Weight)];
    }

    /// <summary>Customers to pick from on the storefront: the most active first.</summary>
    public async Task<IReadOnlyList<string>> CustomersAsync(Caller caller, Guid projectId, int take, CancellationToken cancellationToken)
    {
        var loaded = await LoadCurrentAsync(caller, projectId, cancellationToken);
        var train = loaded.Model.Train;
        return [.. Enumerable.Range(0, train.UserCount)
            .OrderByDescending(u => train.RowPtr[u + 1] - train.RowPtr[u]).ThenBy(u => train.Users.Ids[u], StringComparer.Ordinal)
            .Take(Math.Clamp(take, 1, 1000))
            .Select(u => train.Users.Ids[u])];
    }

    /// <summary>The version the project serves, or null before the first training succeeds.</summary>
    public Task<RecommenderRun?> CurrentAsync(Guid projectId, CancellationToken cancellationToken) =>
        RecommenderVersions.ServedAsync(db, projectId, cancellationToken);

    /// <summary>The top k for a known customer, purchased (or, with no purchase events, seen) items removed when asked.</summary>
    public static ScoredItem[] TopFor(LoadedRecommender loaded, int user, int k, bool excludePurchased)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var scores = new float[loaded.Model.Train.ItemCount];
        loaded.Model.Score(user, scores);
        if (excludePurchased)
        {
            foreach (var item in PurchasedOf(loaded, user))
            {
                scores[item] = float.NegativeInfinity;
            }
        }

        return TopK.Select(scores, k);
    }

    private static int[] PurchasedOf(LoadedRecommender loaded, int user) =>
        user < loaded.Purchases.UserCount ? loaded.Purchases.Items[user] : [];

    private async Task<LoadedRecommender> LoadCurrentAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await LoadAsync(projectId, cancellationToken);
    }

    private Task<LoadedRecommender> LoadServedAsync(EndpointKeyIdentity key, Guid projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        // A key limited to one endpoint is for that endpoint only; a key of another project cannot tell this one exists.
        if (key.ProjectId != projectId || key.DeploymentId is not null)
        {
            throw new NotFoundException("project", projectId);
        }

        return LoadAsync(projectId, cancellationToken);
    }

    /// <summary>The served version, from the short-lived cache when it is fresh (the hot path then makes no query).</summary>
    private async Task<LoadedRecommender> LoadAsync(Guid projectId, CancellationToken cancellationToken)
    {
        if (!served.TryGet(projectId, out var version))
        {
            var project = await db.Projects.AsNoTracking().SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken)
                ?? throw new NotFoundException("project", projectId);
            version = new ServedVersion(project, project.Kind == ProjectKind.Recommendations ? await CurrentAsync(projectId, cancellationToken) : null);
            served.Set(projectId, version);
        }

        RecommenderService.RequireRecommendations(version!.Project);
        var run = version.Run
            ?? throw new PlatformValidationException("project", $"'{version.Project.Name}' has no trained recommender yet: upload an event log and train one first.");
        return await cache.GetAsync(run, cancellationToken);
    }

    private static Recommendation Describe(LoadedRecommender loaded, int user, int item, float score)
    {
        var id = loaded.Model.Train.Items.Ids[item];
        var entry = loaded.Catalogue.Find(id);
        var reason = user < 0 ? "popular with all customers" : NameItems(loaded, loaded.Model.Reason(user, item));
        return new Recommendation(id, entry?.Name, entry?.Category, entry?.Price, score, reason);
    }

    /// <summary>Reasons end with the item of the customer's history they point to ("bought together with 123"); name it when the catalogue can.</summary>
    private static string NameItems(LoadedRecommender loaded, string reason)
    {
        var space = reason.LastIndexOf(' ');
        if (space < 0 || loaded.Catalogue.Count == 0)
        {
            return reason;
        }

        var id = reason[(space + 1)..];
        return loaded.Catalogue.Find(id)?.Name is { Length: > 0 } name ? $"{reason[..space]} {name}" : reason;
    }

    private static void CheckK(int k)
    {
        if (k is < 1 or > MaxK)
        {
            throw new PlatformValidationException("k", $"k must be between 1 and {MaxK}.");
        }
    }
}
