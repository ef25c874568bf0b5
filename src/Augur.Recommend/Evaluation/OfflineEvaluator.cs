using System.Diagnostics;
using Augur.Recommend.Data;
using Augur.Recommend.Metrics;
using Augur.Recommend.Models;

namespace Augur.Recommend.Evaluation;

/// <summary>
/// The offline protocol: fit on the training log, recommend k items to every test user the training log knows,
/// and compare with the user's test items. With <c>excludeSeen</c>, training items are removed from both the
/// recommendations and the relevant set (a user with nothing new in test is skipped).
/// </summary>
public static class OfflineEvaluator
{
    public static EvaluationReport Evaluate(Recommender model, InteractionMatrix train, InteractionLog test, int k = 10, bool excludeSeen = true, int candidateN = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var watch = Stopwatch.StartNew();
        model.Fit(train, cancellationToken);
        var trainSeconds = watch.Elapsed.TotalSeconds;
        return Score(model, test, k, excludeSeen, candidateN, trainSeconds, cancellationToken);
    }

    /// <summary>Evaluates an already fitted model.</summary>
    public static EvaluationReport Score(Recommender model, InteractionLog test, int k, bool excludeSeen, int candidateN, double trainSeconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(test);
        var train = model.Train;
        var relevant = RelevantItems(train, test, excludeSeen);
        var users = relevant.Keys.Order().ToArray();
        var lists = new IReadOnlyList<int>[users.Length];
        var candidates = new double[users.Length];
        var watch = Stopwatch.StartNew();
        var depth = Math.Max(k, candidateN);
        Parallel.For(0, users.Length, new ParallelOptions { CancellationToken = cancellationToken }, j =>
        {
            var ranked = model.Recommend(users[j], depth, excludeSeen).Select(s => s.Item).ToArray();
            lists[j] = ranked.Length > k ? ranked[..k] : ranked;
            candidates[j] = RankingMetrics.Recall(ranked, relevant[users[j]], candidateN);
        });
        var scoreSeconds = watch.Elapsed.TotalSeconds;

        var usersPerItem = new int[train.ItemCount];
        foreach (var item in train.Cols)
        {
            usersPerItem[item]++;
        }

        double Mean(Func<IReadOnlyList<int>, IReadOnlySet<int>, double> metric) =>
            users.Length == 0 ? 0 : users.Select((u, j) => metric(lists[j], relevant[u])).Average();

        return new EvaluationReport(
            model.Name,
            k,
            users.Length,
            Mean((l, r) => RankingMetrics.Precision(l, r, k)),
            Mean((l, r) => RankingMetrics.Recall(l, r, k)),
            Mean((l, r) => RankingMetrics.Ndcg(l, r, k)),
            Mean((l, r) => RankingMetrics.AveragePrecision(l, r, k)),
            Mean((l, r) => RankingMetrics.Hits(l, r, k) > 0 ? 1 : 0),
            RankingMetrics.Coverage(lists, train.ItemCount),
            RankingMetrics.Novelty(lists, usersPerItem, train.UserCount),
            candidateN,
            users.Length == 0 ? 0 : candidates.Average(),
            trainSeconds,
            scoreSeconds);
    }

    /// <summary>
    /// Test items per known user. Items the training log never saw stay relevant (a model that cannot recommend
    /// them is rightly penalised); they get negative ids so they can never match a recommendation.
    /// </summary>
    public static Dictionary<int, HashSet<int>> RelevantItems(InteractionMatrix train, InteractionLog test, bool excludeSeen)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var unknown = new Dictionary<string, int>(StringComparer.Ordinal);
        var relevant = new Dictionary<int, HashSet<int>>();
        for (var i = 0; i < test.Count; i++)
        {
            var user = train.Users.IndexOf(test.Users[i]);
            if (user < 0)
            {
                continue;
            }

            var item = train.Items.IndexOf(test.Items[i]);
            if (item < 0)
            {
                if (!unknown.TryGetValue(test.Items[i], out item))
                {
                    item = -1 - unknown.Count;
                    unknown.Add(test.Items[i], item);
                }
            }
            else if (excludeSeen && train.ItemsOf(user).BinarySearch(item) >= 0)
            {
                continue;
            }

            if (!relevant.TryGetValue(user, out var set))
            {
                relevant[user] = set = [];
            }

            set.Add(item);
        }

        return relevant;
    }
}
