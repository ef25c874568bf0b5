using System.CommandLine;
using System.Text.Json;
using Augur.Data;
using Augur.Recommend.Bundles;
using Augur.Recommend.Data;
using Augur.Recommend.Evaluation;
using Augur.Recommend.Models;
using Augur.Recommend.Ranking;
using Spectre.Console;

namespace Augur.Commands;

/// <summary>
/// `augur recommend train --events PATH --out DIR`: validates on a global time split (last 10% of the events),
/// with the baselines beside the model, writes metrics.json, then fits on every event and writes the bundle.
/// </summary>
public static class RecommendTrainCommand
{
    public const string BundleName = "recommender.augurrec";

    public static Command Create()
    {
        var events = new Option<string>("--events") { Description = "The event log: anything 'augur ingest' reads.", Required = true };
        var output = new Option<string>("--out") { Description = "The folder for recommender.augurrec and metrics.json.", Required = true };
        var model = new Option<string>("--model") { Description = $"One of {string.Join(", ", RecommenderFactory.Names)}.", DefaultValueFactory = _ => "sar" };
        var k = new Option<int>("--k") { Description = "Recommendations per user in the validation.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print metrics.json on stdout." };
        var catalogueFile = new Option<string?>("--catalogue") { Description = "An item catalogue (id, category, price): ranker features; the ranker is then also validated without it." };
        var inputs = new RecommendInputs();
        var command = new Command("train", "Train a recommender on an event log and validate it on the last 10% of the events.") { events, output, model, k, json, catalogueFile };
        inputs.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var path = parse.GetValue(events)!;
            var name = parse.GetValue(model)!;
            var settings = inputs.ModelSettings(parse);
            _ = Create(name, settings);
            var columns = inputs.Columns(parse, path);
            var outDir = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            var log = await Terminal.Progress.RunAsync($"Reading {Markup.Escape(path)}…", _ => InteractionReader.ReadAsync(path, columns, cancellationToken));
            if (log.Count == 0)
            {
                throw new UsageException($"{path}: no events with both a user and an item.");
            }

            var catalogue = parse.GetValue(catalogueFile) is { } cataloguePath ? await ItemAttributes.ReadAsync(cataloguePath, cancellationToken) : null;
            var (train, test) = columns.Time is null ? RandomSplit(log, 0.9, 42) : TimeSplit.ByFraction(log, 0.9);
            var trainMatrix = InteractionMatrix.Build(train);
            var reports = new List<EvaluationReport>();
            foreach (var candidate in RecommendEvaluateCommand.WithBaselines([name], columns.Time is not null))
            {
                var recommender = Create(candidate, candidate == name ? settings : null);
                if (CatalogueUse.Compares(recommender, catalogue))
                {
                    reports.Add(CatalogueUse.Without(OfflineEvaluator.Evaluate(recommender, trainMatrix, test, parse.GetValue(k), cancellationToken: cancellationToken)));
                    recommender = Create(candidate, settings);
                }

                reports.Add(OfflineEvaluator.Evaluate(recommender.WithCatalogue(catalogue), trainMatrix, test, parse.GetValue(k), cancellationToken: cancellationToken));
            }

            var final = Create(name, settings).WithCatalogue(catalogue);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            final.Fit(InteractionMatrix.Build(log), cancellationToken);
            var info = new RecommenderBundleInfo(name, settings, columns.User, columns.Item, columns.Time, columns.Weight, DateTimeOffset.UtcNow, log.Count);
            await RecommenderBundle.SaveAsync(final, info, Path.Combine(outDir, BundleName), cancellationToken);
            var metrics = new
            {
                model = name,
                settings,
                split = columns.Time is null ? "random 90/10 of the events (no time column)" : "global time split: the last 10% of the events",
                trainEvents = train.Count,
                validationEvents = test.Count,
                fitSecondsOnAllEvents = watch.Elapsed.TotalSeconds,
                reports,
            };
            var text = JsonSerializer.Serialize(metrics, AugurJson.Options);
            await File.WriteAllTextAsync(Path.Combine(outDir, "metrics.json"), text, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(text);
            }
            else
            {
                RecommendEvaluateCommand.Print(reports);
                Terminal.Progress.Line($"Wrote {Markup.Escape(Path.Combine(outDir, BundleName))} and metrics.json");
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    internal static Recommender Create(string name, IReadOnlyDictionary<string, string>? settings)
    {
        try
        {
            return RecommenderFactory.Create(name, settings);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    /// <summary>A seeded split of the events, for logs without time.</summary>
    internal static (InteractionLog Train, InteractionLog Test) RandomSplit(InteractionLog log, double trainFraction, int seed)
    {
        var random = new Random(seed);
        var inTrain = Enumerable.Range(0, log.Count).Select(_ => random.NextDouble() < trainFraction).ToArray();
        return (log.Where(i => inTrain[i]), log.Where(i => !inTrain[i]));
    }
}
