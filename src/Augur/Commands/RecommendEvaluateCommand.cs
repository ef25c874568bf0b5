using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Augur.Data;
using Augur.Recommend.Data;
using Augur.Recommend.Evaluation;
using Augur.Recommend.Models;
using Spectre.Console;

namespace Augur.Commands;

/// <summary>
/// `augur recommend evaluate --train PATH --test PATH --model NAME`: the offline protocol (relevance = any test
/// event, training items removed, k = 10), with popularity and per-cluster popularity printed beside the model.
/// </summary>
public static class RecommendEvaluateCommand
{
    public static Command Create()
    {
        var trainPath = new Option<string>("--train") { Description = "The training events (or the whole log with --split-at / --holdout).", Required = true };
        var testPath = new Option<string?>("--test") { Description = "The test events." };
        var splitAt = new Option<string?>("--split-at") { Description = "Instead of --test: events from this date on (UTC) test, earlier ones train." };
        var holdout = new Option<double?>("--holdout") { Description = "Instead of --test: hold out this random share of the --train events (seed 42), e.g. to tune on the training split only." };
        var model = new Option<string>("--model") { Description = $"A model, a comma-separated list, or 'all' ({string.Join(", ", RecommenderFactory.Names)}).", Required = true };
        var k = new Option<int>("--k") { Description = "Recommendations per user.", DefaultValueFactory = _ => 10 };
        var keepSeen = new Option<bool>("--keep-seen") { Description = "Allow recommending items the user already has (repeat purchases)." };
        var noBaselines = new Option<bool>("--no-baselines") { Description = "Evaluate only the named models." };
        var json = new Option<bool>("--json") { Description = "Print the reports as JSON on stdout." };
        var inputs = new RecommendInputs();
        var command = new Command("evaluate", "Evaluate recommenders offline, with the baselines beside them.") { trainPath, testPath, splitAt, holdout, model, k, keepSeen, noBaselines, json };
        inputs.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var path = parse.GetValue(trainPath)!;
            var names = parse.GetValue(model)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (names is ["all"])
            {
                names = [.. RecommenderFactory.Names];
            }

            var settings = inputs.ModelSettings(parse);
            foreach (var name in names)
            {
                _ = RecommendTrainCommand.Create(name, names.Count == 1 ? settings : null);
            }

            var columns = inputs.Columns(parse, path);
            var (train, test) = await Terminal.Progress.RunAsync("Reading the events…", async _ =>
            {
                var log = await InteractionReader.ReadAsync(path, columns, cancellationToken);
                if (parse.GetValue(testPath) is { } test)
                {
                    return (log, await InteractionReader.ReadAsync(test, inputs.Columns(parse, test), cancellationToken));
                }

                if (parse.GetValue(splitAt) is { } date)
                {
                    if (!DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var cut) || columns.Time is null)
                    {
                        throw new UsageException($"--split-at '{date}' needs a date and a time column.");
                    }

                    return TimeSplit.At(log, cut.ToUnixTimeSeconds());
                }

                if (parse.GetValue(holdout) is { } fraction and > 0 and < 1)
                {
                    return RecommendTrainCommand.RandomSplit(log, 1 - fraction, 42);
                }

                throw new UsageException("give --test PATH, --split-at DATE or --holdout FRACTION (between 0 and 1).");
            });

            var matrix = InteractionMatrix.Build(train);
            var candidates = parse.GetValue(noBaselines) ? names : WithBaselines(names, columns.Time is not null);
            var reports = new List<EvaluationReport>();
            foreach (var name in candidates)
            {
                var recommender = RecommendTrainCommand.Create(name, names.Count == 1 && name == names[0] ? settings : null);
                reports.Add(await Terminal.Progress.RunAsync($"Evaluating {name}…", _ => Task.Run(() =>
                    OfflineEvaluator.Evaluate(recommender, matrix, test, parse.GetValue(k), !parse.GetValue(keepSeen), cancellationToken: cancellationToken), cancellationToken)));
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { trainEvents = train.Count, testEvents = test.Count, users = matrix.UserCount, items = matrix.ItemCount, settings, reports }, AugurJson.Options));
            }
            else
            {
                Terminal.Progress.Line($"{train.Count:N0} training events ({matrix.UserCount:N0} users, {matrix.ItemCount:N0} items), {test.Count:N0} test events.");
                Print(reports);
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>The baselines first (global and per-cluster popularity, recent popularity when there is time), then the models.</summary>
    internal static List<string> WithBaselines(IEnumerable<string> names, bool hasTime)
    {
        List<string> all = hasTime ? ["popularity", "recent-popularity", "cluster-popularity"] : ["popularity", "cluster-popularity"];
        foreach (var name in names)
        {
            if (!all.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                all.Add(name);
            }
        }

        return all;
    }

    /// <summary>A plain aligned table on stdout: it never wraps, so it pastes into docs and diffs as is.</summary>
    internal static void Print(IReadOnlyList<EvaluationReport> reports)
    {
        if (reports.Count == 0)
        {
            return;
        }

        var k = reports[0].K;
        var width = Math.Max(18, reports.Max(r => r.Model.Length) + 2);
        Console.WriteLine(string.Concat($"{"model".PadRight(width)}", $"{"P@" + k,10}{"R@" + k,10}{"nDCG@" + k,10}{"MAP",10}{"hit",8}{"cover",8}{"novelty",9}{"R@" + reports[0].CandidateN,9}{"train s",9}"));
        foreach (var r in reports)
        {
            Console.WriteLine(string.Concat(
                r.Model.PadRight(width),
                $"{F(r.Precision),10}{F(r.Recall),10}{F(r.Ndcg),10}{F(r.Map),10}",
                $"{r.HitRate.ToString("0.000", CultureInfo.InvariantCulture),8}{r.Coverage.ToString("0.000", CultureInfo.InvariantCulture),8}{r.Novelty.ToString("0.00", CultureInfo.InvariantCulture),9}",
                $"{r.CandidateRecall.ToString("0.000", CultureInfo.InvariantCulture),9}{r.TrainSeconds.ToString("0.00", CultureInfo.InvariantCulture),9}"));
        }
    }

    private static string F(double value) => value.ToString("0.000000", CultureInfo.InvariantCulture);
}
