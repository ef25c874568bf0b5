using System.Text.Json.Nodes;
using Augur.Data.Jsonl;
using Augur.Recommend.Bundles;
using Augur.Recommend.Data;
using Augur.Recommend.Evaluation;
using Augur.Recommend.Models;
using Augur.Recommend.Ranking;

namespace Augur.Platform.Recommendations;

/// <summary>
/// The training itself, with no database: validate on a global time split (the last 10% of the events; a seeded
/// random 10% when the log has no time), the baselines beside the model, then fit on every event and write the
/// bundle and each customer's purchases.
/// </summary>
public static class RecommenderTrainer
{
    public sealed record Result(IReadOnlyList<EvaluationReport> Reports, int Users, int Items, long Interactions);

    /// <param name="catalogue">The item catalogue's categories and prices for the ranker (other models ignore it); with
    /// it, the ranker is also validated without it, so the reports show what the catalogue adds.</param>
    public static async Task<Result> TrainAsync(string eventsJsonl, string eventsName, RecommenderSetup setup, string model, string bundlePath, string purchasesPath, CancellationToken cancellationToken, ItemAttributes? catalogue = null)
    {
        var columns = new InteractionColumns(setup.UserColumn, setup.ItemColumn)
        {
            Time = setup.TimeColumn,
            Weight = setup.WeightColumn,
            EventType = setup.EventColumn,
            EventWeights = new Dictionary<string, float>(setup.EventWeights, StringComparer.OrdinalIgnoreCase),
        };
        // An event log with no event ID keeps its exact repeats when uploaded (a model for a yes/no question learns from
        // them); here an event logged twice is one event, as `augur recommend` reads it.
        var log = InteractionReader.ReadRows(eventsName, JsonlReader.ReadDistinct(eventsJsonl), columns);
        if (log.Count == 0)
        {
            throw new PlatformValidationException("eventsDatasetId", $"{eventsName}: no events with both a customer ('{setup.UserColumn}') and an item ('{setup.ItemColumn}') and a weight above 0.");
        }

        var (train, test) = setup.TimeColumn is null ? RandomSplit(log, 0.9, 42) : TimeSplit.ByFraction(log, 0.9);
        var reports = new List<EvaluationReport>();
        if (train.Count > 0 && test.Count > 0)
        {
            var trainMatrix = InteractionMatrix.Build(train);
            foreach (var name in WithBaselines(model, setup.TimeColumn is not null))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var candidate = RecommenderFactory.Create(name, name == model ? setup.Settings : null);
                if (CatalogueUse.Compares(candidate, catalogue))
                {
                    reports.Add(CatalogueUse.Without(OfflineEvaluator.Evaluate(candidate, trainMatrix, test, setup.K, cancellationToken: cancellationToken)));
                    candidate = RecommenderFactory.Create(name, setup.Settings);
                }

                reports.Add(OfflineEvaluator.Evaluate(candidate.WithCatalogue(catalogue), trainMatrix, test, setup.K, cancellationToken: cancellationToken));
            }
        }

        var final = RecommenderFactory.Create(model, setup.Settings).WithCatalogue(catalogue);
        final.Fit(InteractionMatrix.Build(log), cancellationToken);
        var info = new RecommenderBundleInfo(model, setup.Settings, setup.UserColumn, setup.ItemColumn, setup.TimeColumn, setup.WeightColumn, DateTimeOffset.UtcNow, log.Count);
        Directory.CreateDirectory(Path.GetDirectoryName(bundlePath)!);
        await RecommenderBundle.SaveAsync(final, info, bundlePath, cancellationToken);
        var purchases = Purchases(eventsJsonl, setup, final.Train);
        await using (var file = File.Create(purchasesPath))
        {
            await UserLists.WriteAsync(purchases, file, cancellationToken);
        }

        return new Result(reports, final.Train.UserCount, final.Train.ItemCount, log.Count);
    }

    /// <summary>The baselines first (popularity, recent popularity when there is time, per-cluster popularity), then the model.</summary>
    public static IReadOnlyList<string> WithBaselines(string model, bool hasTime)
    {
        List<string> all = hasTime ? ["popularity", "recent-popularity", "cluster-popularity"] : ["popularity", "cluster-popularity"];
        if (!all.Contains(model, StringComparer.OrdinalIgnoreCase))
        {
            all.Add(model);
        }

        return all;
    }

    /// <summary>
    /// What each customer bought, by item index. With an event-type column only the purchase events count; a log
    /// without one (a plain purchase or rating log) counts every event.
    /// </summary>
    private static UserLists Purchases(string eventsJsonl, RecommenderSetup setup, InteractionMatrix train)
    {
        var bought = new HashSet<int>[train.UserCount];
        foreach (var row in JsonlReader.Read(eventsJsonl))
        {
            if (setup.EventColumn is not null && !string.Equals(Text(row[setup.EventColumn]), setup.PurchaseEvent, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var user = train.Users.IndexOf(Text(row[setup.UserColumn]) ?? "");
            var item = train.Items.IndexOf(Text(row[setup.ItemColumn]) ?? "");
            if (user >= 0 && item >= 0)
            {
                (bought[user] ??= []).Add(item);
            }
        }

        return new UserLists([.. bought.Select(set => set is null ? [] : set.Order().ToArray())], null);
    }

    private static (InteractionLog Train, InteractionLog Test) RandomSplit(InteractionLog log, double trainFraction, int seed)
    {
        var random = new Random(seed);
        var inTrain = Enumerable.Range(0, log.Count).Select(_ => random.NextDouble() < trainFraction).ToArray();
        return (log.Where(i => inTrain[i]), log.Where(i => !inTrain[i]));
    }

    // The same text the interaction reader makes of a cell, so ids match.
    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim(),
        _ => node.ToJsonString(),
    };
}
