using System.CommandLine;
using System.Text.Json;
using Augur.Data;
using Augur.Data.Ingestion;
using Augur.Data.Schema;
using Augur.Learning.Features;
using Augur.Learning.Training;
using Augur.Platform.Specs;
using Spectre.Console;

namespace Augur.Commands;

/// <summary>`augur train --data PATH --target COLUMN --out DIR`: writes model.augur, leaderboard.json and report.json.</summary>
public static class TrainCommand
{
    /// <summary>"name=expression", split at the first '=' (the expression may hold "==").</summary>
    private static CustomFeature ParseFeature(string text)
    {
        var split = text.IndexOf('=', StringComparison.Ordinal);
        if (split <= 0 || text.AsSpan(0, split).Trim().IsEmpty)
        {
            throw new UsageException($"--feature '{text}' should be name=expression, e.g. --feature \"price_per_item=price / quantity\".");
        }

        return new CustomFeature(text[..split].Trim(), text[(split + 1)..].Trim());
    }

    public static Command Create()
    {
        // --data and --target may come from a spec instead; the action says so when neither gives them.
        var data = new Option<string>("--data") { Description = "The training data: anything 'augur ingest' reads, or a clean T.jsonl with its T.schema.json (required unless the --spec file gives it)." };
        var target = new Option<string>("--target") { Description = "The column to predict (required unless the --spec file gives it)." };
        var specFile = new Option<string?>("--spec")
        {
            Description = "A YAML file with the run's settings (data, target, budget, costs…; see docs/automl.md). A flag given here wins over the same setting in the file.",
        };
        var output = new Option<string>("--out") { Description = "The folder for model.augur, leaderboard.json and report.json.", Required = true };
        var budget = new Option<string>("--budget") { Description = "Time budget, e.g. 60s, 5m.", DefaultValueFactory = _ => "60s" };
        var trials = new Option<int?>("--trials") { Description = "At most this many trials (with --seed, the run is reproducible)." };
        var earlyStop = new Option<int?>("--early-stop") { Description = "Finish before the budget once this many trials in a row have found no better model, e.g. 30." };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var task = new Option<TaskKind?>("--task") { Description = "binary, multiclass or regression (detected from the target when omitted)." };
        var ask = new Option<string?>("--ask")
        {
            Description = "What you want, in plain English, e.g. \"predict which customers churn, AUC above 0.85, within 5 minutes\": the column to predict, a goal and a time are read from it (flags and --spec win).",
        };
        var goal = new Option<string?>("--goal")
        {
            Description = "What the model should reach, e.g. \"auc > 0.85\" or \"rmse < 40000\": trials are ranked by that measure (unless --metric says another), and the run says whether the model meets it.",
        };
        var metric = new Option<string?>("--metric") { Description = "The metric trials are ranked by, e.g. auc, logLoss, f1, prAuc (binary), macroF1 (multiclass), rmse, mae, r2, mape (regression)." };
        var timeColumn = new Option<string?>("--time-column") { Description = "Validate on the latest 20% of rows by this column instead of cross-validation." };
        var features = new Option<string[]>("--feature")
        {
            Description = "A custom feature, \"name=expression\" over columns, e.g. \"price_per_item=price / quantity\" (repeatable; see docs/automl.md).",
        };
        var halving = new Option<HalvingMode>("--halving")
        {
            Description = "Screen new configurations on 1/9, then 1/3 of the rows before all of them: on, off or auto (on from 100,000 rows).",
            DefaultValueFactory = _ => HalvingMode.Auto,
        };
        var ignore = new Option<string[]>("--ignore")
        {
            Description = "A column the model must not learn from, e.g. one known only after the outcome, such as a call's duration (repeatable).",
        };
        var falsePositiveCost = new Option<double?>("--false-positive-cost")
        {
            Description = "Yes/no targets: what a wrong 'yes' costs, e.g. an offer sent to a customer who would have stayed. With either cost, the model "
                + "says 'yes' from the probability that makes mistakes cheapest on average, instead of the one with the best F1 (the other cost is 1 unless given).",
        };
        var falseNegativeCost = new Option<double?>("--false-negative-cost")
        {
            Description = "Yes/no targets: what a missed 'yes' costs, e.g. a customer who churns without being contacted.",
        };
        var folds = new Option<int?>("--folds") { Description = "Cross-validation folds (default: 5, or 3 when the budget is short for the data; above 10,000 rows a 20% holdout)." };
        var json = new Option<bool>("--json") { Description = "Print the leaderboard as JSON on stdout." };
        // For comparisons (bench/automl): what a run serves when its budget leaves no time for the refit.
        var noRefit = new Option<bool>("--no-refit") { Description = "Never refit on all rows: serve each member's cross-validation models.", Hidden = true };
        var noLocation = new Option<bool>("--no-location-features") { Description = "Do not add location features for latitude and longitude columns." };
        var command = new Command("train", "Find the best model for a column within a time budget.") { specFile, ask, data, target, goal, output, budget, trials, earlyStop, seed, task, metric, timeColumn, features, ignore, falsePositiveCost, falseNegativeCost, halving, folds, json, noRefit, noLocation };
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var spec = parse.GetValue(specFile) is { } specPath ? await ReadSpecAsync(specPath, cancellationToken) : new TrainingSpec();
            var dataPathGiven = Given(parse, data) ? parse.GetValue(data)! : spec.Data ?? throw Missing("--data", "data");
            var asked = parse.GetValue(ask) ?? spec.Ask;
            var targetColumn = Given(parse, target) ? parse.GetValue(target)! : spec.Target ?? (asked is null ? throw Missing("--target", "target") : null);
            // Read before the data, so that a mistake in it stops the run at once.
            var wanted = parse.GetValue(goal) is { } goalText ? Goal(goalText) : spec.Goal;
            var outDir = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            var (dataPath, schema) = await ResolveDataAsync(dataPathGiven, outDir, cancellationToken);
            // A requirement in words fills in what neither the flags nor the spec say, and says back what it understood.
            var requirement = asked is null ? null : Understand(asked, schema, targetColumn);
            targetColumn ??= requirement!.Target;
            wanted ??= requirement?.Goal;
            string[] ignored = [.. spec.Ignore, .. parse.GetValue(ignore) ?? []];
            schema = Ignore(schema, spec.Ignore, targetColumn, "ignore: in the spec,");
            schema = Ignore(schema, parse.GetValue(ignore) ?? [], targetColumn);
            var request = new TrainingRequest(dataPath, schema, targetColumn)
            {
                // A flag given wins, then the spec, then the sentence, then the flag's default.
                Budget = (Given(parse, budget) ? null : spec.Budget ?? requirement?.Budget) ?? Durations.Parse(parse.GetValue(budget)!),
                MaxTrials = parse.GetValue(trials) ?? spec.MaxTrials,
                EarlyStopping = parse.GetValue(earlyStop) is { } patience ? Positive(patience) : spec.EarlyStopping,
                Seed = (Given(parse, seed) ? null : spec.Seed) ?? parse.GetValue(seed),
                Task = parse.GetValue(task) ?? spec.Task,
                Metric = parse.GetValue(metric) ?? spec.Metric ?? wanted?.RankingMetric,
                TimeColumn = parse.GetValue(timeColumn) ?? spec.TimeColumn,
                Features = [.. spec.Features, .. (parse.GetValue(features) ?? []).Select(ParseFeature)],
                Costs = Costs(parse.GetValue(falsePositiveCost) ?? spec.FalsePositiveCost, parse.GetValue(falseNegativeCost) ?? spec.FalseNegativeCost),
                Halving = parse.GetValue(halving),
                Folds = parse.GetValue(folds) ?? spec.Folds,
                Refit = !parse.GetValue(noRefit),
                LocationFeatures = !parse.GetValue(noLocation),
            };

            if (requirement is not null && !parse.GetValue(json))
            {
                Terminal.Progress.Line(Markup.Escape(requirement.Summary()));
                foreach (var note in requirement.Notes)
                {
                    Terminal.Progress.Line($"[yellow]{Markup.Escape(note)}[/]");
                }
            }

            if (wanted?.ProblemWith(request.Costs) is { } goalProblem)
            {
                throw new UsageException($"--goal {goalProblem} Give --false-positive-cost or --false-negative-cost.");
            }

            var outcome = await Terminal.Progress.RunAsync("Training…", status =>
                new AutoTrainer(TimeProvider.System).TrainAsync(request, new Reporter(status), cancellationToken));
            using var bundle = outcome.Bundle;
            await using (var file = File.Create(Path.Combine(outDir, "model.augur")))
            {
                await bundle.SaveAsync(file, cancellationToken);
            }

            // The goal is checked on what is served: the shipped model's measures, else those of its best trial.
            var goalCheck = wanted?.Check(outcome.ValidationMetrics.ContainsKey(wanted.Metric) ? outcome.ValidationMetrics : outcome.Best.Metrics);
            var checkedGoal = wanted is null ? null : new { text = wanted.ToString(), metric = wanted.Metric, met = goalCheck!.Value.Met, sentence = goalCheck.Value.Sentence };
            var leaderboard = new
            {
                task = outcome.Task,
                metric = outcome.Metric,
                validation = outcome.Validation,
                halving = outcome.Halving,
                stoppedEarly = outcome.StoppedEarly,
                durationSeconds = outcome.Duration.TotalSeconds,
                best = outcome.Best,
                goal = checkedGoal,
                trials = outcome.Leaderboard,
            };
            await File.WriteAllTextAsync(Path.Combine(outDir, "leaderboard.json"), JsonSerializer.Serialize(leaderboard, AugurJson.Options), cancellationToken);
            var report = outcome.Report;
            await File.WriteAllTextAsync(Path.Combine(outDir, "report.json"), JsonSerializer.Serialize(report, AugurJson.Options), cancellationToken);

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(leaderboard, AugurJson.Options));
            }
            else
            {
                var score = outcome.Best.Metrics.TryGetValue(outcome.Metric, out var v) ? v.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) : "n/a";
                Terminal.Progress.Line($"Best: [green]{Markup.Escape(outcome.Best.Trainer)}[/] with {outcome.Metric} = {score} after {outcome.Leaderboard.Count} {(outcome.Leaderboard.Count == 1 ? "trial" : "trials")} in {outcome.Duration.TotalSeconds:0.#} s.");
                if (goalCheck is var (sentence, met))
                {
                    var colour = met switch { true => "green", false => "yellow", _ => "grey" };
                    Terminal.Progress.Line($"[{colour}]{Markup.Escape(sentence)}[/]");
                }

                if (outcome.StoppedEarly)
                {
                    var last = request.EarlyStopping == 1 ? "trial" : $"{request.EarlyStopping} trials";
                    Terminal.Progress.Line($"Finished early: the last {last} found no better model, so more time would probably not have helped.");
                }

                if (report.Helping(3).Select(f => f.Column).ToList() is { Count: > 0 } top)
                {
                    Terminal.Progress.Line($"Matters most: {Markup.Escape(string.Join(", ", top))}.");
                }

                if (request.Costs is not null && outcome.Threshold is { } cut && outcome.ValidationMetrics.TryGetValue("cost", out var cost) && report.PositiveLabel is { } says)
                {
                    Terminal.Progress.Line(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"Says '{Markup.Escape(says)}' from a probability of {cut:0.00}: the cut with the cheapest mistakes on the validation rows, {cost:0.###} a row on average."));
                }

                if (report.LiftTable.Count > 0 && report.PositiveLabel is { } positive)
                {
                    var first = report.LiftTable[0];
                    Terminal.Progress.Line(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"The {first.CumulativeShare:0%} of rows ranked most likely hold {first.CumulativeGain:0%} of all '{Markup.Escape(positive)}' ({first.CumulativeLift:0.0}× picking at random); report.json has every tenth."));
                }

                if (ignored.Length > 0)
                {
                    Terminal.Progress.Line($"Not learned from, as asked: [yellow]{Markup.Escape(string.Join(", ", ignored.Distinct(StringComparer.Ordinal)))}[/].");
                }

                foreach (var excluded in report.ExcludedColumns)
                {
                    Terminal.Progress.Line($"Left out [yellow]{Markup.Escape(excluded.Column)}[/]: {Markup.Escape(excluded.Reason)}.");
                }

                if (report.IdentifierColumns.Count > 0)
                {
                    Terminal.Progress.Line($"Not used: [yellow]{Markup.Escape(string.Join(", ", report.IdentifierColumns))}[/] ({Markup.Escape(report.IdentifierReason())}).");
                }

                foreach (var pair in report.LocationFeatures)
                {
                    Terminal.Progress.Line($"[green]{Markup.Escape(pair)}[/] {TrainingReport.LocationNote}.");
                }

                Terminal.Progress.Line($"Wrote {Markup.Escape(Path.Combine(outDir, "model.augur"))}");
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    private static Requirement Understand(string text, TableSchema schema, string? target)
    {
        try
        {
            return Requirement.Read(text, schema, target);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--ask {ex.Message}");
        }
    }

    private static TrainingGoal Goal(string text)
    {
        try
        {
            return TrainingGoal.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--goal {ex.Message}");
        }
    }

    /// <summary>Whether the option was given on the command line (not its default).</summary>
    private static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static UsageException Missing(string option, string setting) =>
        new($"Option '{option}' is required (or '{setting}:' in the file given to --spec).");

    /// <summary>A spec file, its 'data' a path relative to the spec's folder; a mistake in it is a usage error naming the file and line.</summary>
    private static async Task<TrainingSpec> ReadSpecAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        try
        {
            var spec = TrainingSpec.Parse(text, Path.GetFileName(path));
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            return spec.Data is { } data ? spec with { Data = Path.GetFullPath(Path.Combine(folder, data)) } : spec;
        }
        catch (SpecException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    /// <summary>The schema with the <paramref name="columns"/> given to --ignore kept in the data but not learned from.</summary>
    /// <param name="from">Where the columns were given, as the message names it: "--ignore", or "ignore: in the spec".</param>
    private static TableSchema Ignore(TableSchema schema, IReadOnlyList<string> columns, string target, string from = "--ignore")
    {
        if (columns.Contains(target, StringComparer.Ordinal))
        {
            throw new UsageException($"{from} {target}: that is the column to predict.");
        }

        if (columns.FirstOrDefault(name => schema.Find(name) is null) is { } unknown)
        {
            throw new UsageException($"{from} {unknown}: there is no such column. Columns are: {string.Join(", ", schema.Columns.Select(c => c.Name))}.");
        }

        return schema.Ignoring(columns);
    }

    /// <summary>The cost matrix when either cost is given (the other is then 1); null for none.</summary>
    private static BinaryCosts? Costs(double? falsePositive, double? falseNegative)
    {
        var costs = BinaryCosts.From(falsePositive, falseNegative);
        return costs is null or { AreUsable: true }
            ? costs
            : throw new UsageException("--false-positive-cost and --false-negative-cost should be numbers of 0 or more, not both 0, e.g. --false-negative-cost 5.");
    }

    private static int Positive(int trials) => trials >= 1
        ? trials
        : throw new UsageException($"--early-stop {trials} should be a number of trials of 1 or more, e.g. --early-stop 30.");

    /// <summary>A clean JSONL with its schema is used as is; anything else is ingested into OUT/data first.</summary>
    private static async Task<(string Path, TableSchema Schema)> ResolveDataAsync(string path, string outDir, CancellationToken cancellationToken)
    {
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            var schemaPath = path[..^".jsonl".Length] + ".schema.json";
            if (File.Exists(schemaPath))
            {
                return (path, await TableSchema.LoadAsync(schemaPath, cancellationToken));
            }
        }

        // Repeated rows are kept unless a column identifies each row, as the platform's uploads are (DuplicatePolicy).
        var summary = await new Ingestor(new IngestOptions { Duplicates = DuplicatePolicy.KeepWithoutIdentifier }).IngestAsync(path, Path.Combine(outDir, "data"), cancellationToken);
        if (summary.Tables.Count == 0)
        {
            throw new IngestException($"{path}: no table could be read from it.");
        }

        var table = summary.Tables[0];
        if (table.DuplicatesKept > 0)
        {
            Terminal.Progress.Line($"Kept {table.DuplicatesKept:N0} rows that repeat another row exactly: no column is an ID, so they count as separate cases.");
        }
        else if (table.Duplicates > 0)
        {
            var why = table.Schema.Columns.Any(c => c.Role == ColumnRole.Identifier) ? "they have the same ID" : "the files overlap";
            Terminal.Progress.Line($"Dropped {table.Duplicates:N0} exact copies of other rows: {why}.");
        }

        return (table.JsonlPath, table.Schema);
    }

    private sealed class Reporter(StatusContext? status) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            var best = value.Best is { } b ? $" — best so far: {Markup.Escape(b.Trainer)}" : "";
            status?.Status($"Training… {value.TrialsDone} trials, {value.Elapsed.TotalSeconds:0} of {value.Budget.TotalSeconds:0} s{best}");
        }
    }
}
