using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Microsoft.ML;

namespace Augur.Learning.Training;

/// <summary>
/// Trains in process: reads the JSONL, detects the task, builds features, drops leaky columns, searches trainers with a
/// cost-frugal tuner on k-fold, holdout or time-based validation, combines the best trials by ensemble selection when
/// that validates better, refits on all rows when the budget allows, and packages it as a <see cref="ModelBundle"/>
/// (see docs/automl.md).
/// </summary>
public sealed class AutoTrainer : IAutoTrainer
{
    /// <summary>
    /// The permutation importance scores the shipped models once per column after the refits, in what is left of the
    /// budget but never in less than this share of it: fewer rows are scored when the models are slow. The search and the
    /// refits leave it this share (<see cref="RefitReserve"/>).
    /// </summary>
    public const double ImportanceShare = 0.05;

    private readonly TimeProvider _clock;
    private readonly ITunerFactory _tuners;
    private readonly ITrialRunnerFactory? _runners;

    /// <param name="runners">Where the search's trials run; null runs them in this process on data prepared once.</param>
    public AutoTrainer(TimeProvider clock, ITunerFactory? tuners = null, ITrialRunnerFactory? runners = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _tuners = tuners ?? new CostFrugalTunerFactory();
        _runners = runners;
    }

    /// <summary>
    /// Trials already run elsewhere (a study's, stored by the workers that ran them): the search takes a trial from here,
    /// models and all, when it was measured on this very data, and runs it otherwise.
    /// </summary>
    public ITrialArchive? PastTrials { get; init; }

    public async Task<TrainingOutcome> TrainAsync(TrainingRequest request, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = _clock.GetTimestamp();
        var (target, decision, labels, inputs, plan, encoded, excluded, data, metric) = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        var task = decision.Task;
        var runner = new CrossValidationTrialRunner(data, request.Seed, metric, request.Costs, request.Calibrate);
        // Isolated trials (a child process each) measure only; the shipped model is fitted here, from their settings.
        ITrialRunner searchRunner = _runners?.Create(request) ?? runner;
        if (PastTrials is { } past)
        {
            searchRunner = new PastTrialRunner(past, runner, searchRunner);
        }
        var tuner = _tuners.Create(task, SearchSpace(task, plan, encoded.Count), request.Seed);

        var halving = SuccessiveHalving.For(request.Halving, encoded.Count);
        // The search leaves what the refits of its best trials so far would take, as measured, plus the importance's share.
        var reserve = new RefitReserve(request.Budget, data.Folds.Count, request.Refit, fitsLastFold: _runners is { KeepsModels: false }, scales: task == TaskKind.Multiclass && request.Calibrate);
        var limits = new SearchLimits(request.Budget - _clock.GetElapsedTime(started), request.MaxTrials)
        {
            Halving = halving,
            Reserve = best => reserve.For(best),
            Patience = request.EarlyStopping,
        };
        var search = await new TrialSearch(tuner, searchRunner, _clock)
            .RunAsync(limits, progress is null ? null : new MetricProgress(progress, metric), cancellationToken)
            .ConfigureAwait(false);
        if (search.Best is null || search.BestSettings is null || search.BestRun is null)
        {
            var reasons = search.Leaderboard.Select(t => $"trial {t.Number} ({t.Trainer}): {t.FailureReason}");
            throw new TrainingException(search.Leaderboard.Count == 0
                ? $"Reading and preparing the data used up the budget of {Describe(request.Budget)} before a first model could start. Give the run more time."
                : $"No model could be trained. {string.Join("; ", reasons)}");
        }

        // The shipped predictor: the best trial, or a greedy ensemble of the best trials when that validates better.
        IReadOnlyList<ScoredTrial> members = [new ScoredTrial(search.BestSettings, search.BestRun, Evaluator.Loss(metric, search.Best.Metrics))];
        IReadOnlyList<double> weights = [1.0];
        var oof = search.BestRun.OutOfFold;
        var shippedMetrics = search.Best.Metrics;
        if (request.Ensemble && oof is not null && search.Candidates.Count > 1)
        {
            var validated = oof.Rows;
            var (selected, ensembleLoss) = EnsembleSelection.Select(search.Candidates, p => Evaluator.Loss(metric, runner.Evaluate(validated, p)));
            if (selected.Count > 1 && ensembleLoss < members[0].Loss)
            {
                members = [.. selected.Select(s => search.Candidates[s.Candidate])];
                weights = [.. selected.Select(s => s.Weight)];
                oof = new OutOfFold(validated, Average(members.Select(m => m.Run.OutOfFold!.Predictions).ToList(), weights));
                shippedMetrics = runner.Evaluate(validated, oof.Predictions);
            }
        }

        // The average's calibration is chosen after the refits (below); Shipped reads it when the importance runs.
        var memberCalibrations = members.Select(m => CrossValidationTrialRunner.CalibrationOf(m.Run.Metrics)).ToList();
        var calibration = Calibration.None;
        MatrixScaling? scaling = null;

        // A trial from a runner that keeps no models brings none back: its last fold is fitted again here, as it was there.
        // (Its other folds are not: fitting them would cost more than the refit on all rows, which did not fit either.)
        var lastFold = data.Rows(data.Folds[^1].Train);
        var validationModels = members.Select(m => m.Run.Model ?? runner.Fit(m.Settings, lastFold, cancellationToken)).ToList();
        // The importance permutes the last validation fold, so it reads the models fitted without it, not what is served
        // (a refit, or fold models that saw those rows).
        double[][] Shipped(IReadOnlyList<FeatureRow> batch)
        {
            var averaged = Average([.. validationModels.Select((m, i) => (IReadOnlyList<double[]>)ProbabilityCalibration.Apply(runner.Predict(m, batch), memberCalibrations[i], runner.Prior))], weights);
            foreach (var row in averaged)
            {
                if (scaling is null)
                {
                    ProbabilityCalibration.Apply(row, calibration, runner.Prior);
                }
                else
                {
                    scaling.Apply(row, runner.Prior);
                }
            }

            return averaged;
        }

        // Refit before the importance, which only reads the validation models: on large data a holdout trial fits 80% of
        // the rows, and the refit on all of them is worth more than the time the importance would take from it.
        // The refits stop where the importance's share begins, so a slow refit cannot push the run past its budget.
        TimeSpan BeforeImportance() => request.Budget - (request.Budget * ImportanceShare) - _clock.GetElapsedTime(started);
        var refits = await RefitAsync(runner, search, members, weights, request.Refit, data.Folds.Count, BeforeImportance(), cancellationToken).ConfigureAwait(false);

        // Multiclass trials come calibrated, each by its own calibration (their out-of-fold predictions already are; the
        // bundle applies the same to each model). The averaged predictions of an ensemble get one more, fitted on them;
        // the reported validation metrics are those of the calibrated predictions. Matrix scaling replaces that calibration
        // when it cross-validates better (for a single trial too); the reported metrics are then its cross-validated
        // predictions'. It comes after the refits, in what they leave before the importance's share: a refit is worth
        // more (a forest served as its fold models' average lost 0.025 of log loss on wine-quality), and at short budgets
        // the two did not both fit.
        if (task == TaskKind.Multiclass && request.Calibrate && oof is not null)
        {
            var actual = oof.Rows.Select(i => (int)encoded[i].Class).ToList();
            double[][]? calibrated = null;
            if (MatrixScalingFit.Choose(actual, oof.Predictions, runner.Prior, request.Seed, Min(MatrixScalingFit.Allowance(request.Budget), BeforeImportance())) is { } chosen)
            {
                (scaling, calibrated) = chosen;
            }
            else if (members.Count > 1 && ProbabilityCalibration.Fit(actual, oof.Predictions, runner.Prior) is var fitted && fitted != Calibration.None)
            {
                calibration = fitted;
                calibrated = ProbabilityCalibration.Apply(oof.Predictions, calibration, runner.Prior);
            }

            if (calibrated is not null)
            {
                oof = new OutOfFold(oof.Rows, calibrated);
                shippedMetrics = runner.Evaluate(oof.Rows, oof.Predictions);
            }
        }

        var importance = Importance(runner, data, metric, Shipped, request.Seed, request.Budget - _clock.GetElapsedTime(started), request.Budget * ImportanceShare, cancellationToken);
        var (entries, models, served) = ServedModels.Build(
            members, weights, memberCalibrations, refits, validationModels, data.Folds.Count, (double)data.Folds[^1].Train.Count / encoded.Count);

        double? threshold = task == TaskKind.Binary && shippedMetrics.TryGetValue("threshold", out var t) ? t : null;
        var lift = task == TaskKind.Binary && oof is not null
            ? Metrics.LiftTable([.. oof.Rows.Select(i => encoded[i].Flag)], [.. oof.Predictions.Select(p => p[0])])
            : [];
        IReadOnlyList<EnsembleMember> ensemble = models.Count > 1 ? entries : [];
        // A single model's calibration is its trial's (an ensemble's is fitted only over several trials).
        // Under matrix scaling every model, even a single one, is listed with its calibration, which comes before it.
        var servedCalibration = models.Count > 1 || scaling is not null ? calibration : memberCalibrations[0];
        var info = new BundleInfo(
            ModelBundle.FormatVersion,
            task,
            target.Name,
            search.Best.Trainer,
            inputs,
            [.. labels.Select(l => FieldReader.ClassName(target, l))],
            metric,
            shippedMetrics,
            _clock.GetUtcNow(),
            request.Seed)
        {
            Threshold = threshold ?? 0.5,
            Ensemble = scaling is null ? ensemble : entries,
            Temperature = servedCalibration.Temperature,
            PriorWeight = servedCalibration.PriorWeight,
            ClassPrior = runner.Prior,
            MatrixScaling = scaling,
        };
        var bundle = new ModelBundle(info, new BundleSpec(target.Type, plan, [.. request.Schema.Columns.Select(c => c.Name)]), new MLContext(request.Seed), models);
        var outcome = new TrainingOutcome(bundle, search.Leaderboard, search.Best, task, metric, _clock.GetElapsedTime(started))
        {
            TaskReason = decision.Reason,
            RefittedOnAllData = refits.All(r => r is not null),
            ServedModels = scaling is null ? served : $"{served} {MatrixScalingFit.Sentence}",
            Validation = data.Validation,
            Threshold = threshold,
            LiftTable = lift,
            FeatureImportance = importance,
            ExcludedColumns = excluded,
            IdentifierColumns = FeaturePlan.IdentifiersOf(request.Schema, target.Name),
            LocationFeatures = [.. plan.Inputs.Select(i => i.Group).OfType<string>().Distinct(StringComparer.Ordinal)],
            Ensemble = ensemble,
            ValidationMetrics = shippedMetrics,
            Halving = halving is not null,
            StoppedEarly = search.StoppedEarly,
        };
        // The bundle carries the report, so a version exported and imported elsewhere still says what it learned.
        bundle.Report = TrainingReport.From(outcome);
        return outcome;
    }

    /// <summary>
    /// Everything before the search, shared by <see cref="TrainAsync"/> and <see cref="OneTrialRunner"/> so that a trial
    /// run alone (in a child process or by a study worker) sees exactly the features and folds of a whole run.
    /// </summary>
    internal static async Task<PreparedData> PrepareAsync(TrainingRequest request, CancellationToken cancellationToken)
    {
        var target = request.Schema.Find(request.Target)
            ?? throw new TrainingException($"The column '{request.Target}' was not found. Columns are: {string.Join(", ", request.Schema.Columns.Select(c => c.Name))}.");
        var rows = await TrainingData.ReadAsync(request.DataPath, cancellationToken).ConfigureAwait(false);

        var (labelled, targets) = ReadTargets(request.DataPath, target, rows);
        var distinct = targets.Distinct(StringComparer.Ordinal).ToList();
        var decision = TaskDetection.Detect(target, distinct.Count, request.Task);
        var task = decision.Task;
        IReadOnlyList<string> labels = task == TaskKind.Regression ? [] : SortLabels(target.Type, distinct);

        var inputs = FeaturePlan.InputsOf(request.Schema, target.Name);
        var locations = request.LocationFeatures ? LocationFeatures.Find(inputs, labelled) : [];
        var custom = CustomFeatures.Apply([.. request.Features, .. locations.SelectMany(p => p.Features())], request.Schema, target.Name, labelled);
        if (inputs.Count == 0 && custom.Count == 0)
        {
            throw new TrainingException($"There is nothing to learn from: every column other than '{target.Name}' is an identifier or ignored.");
        }

        if (request.Folds is < 2 or > 10)
        {
            throw new TrainingException($"The number of folds must be between 2 and 10, not {request.Folds}.");
        }

        if (request.Costs is not null && task != TaskKind.Binary)
        {
            throw new TrainingException($"Costs of wrong answers apply to yes/no targets only; '{target.Name}' is a {task.ToString().ToLowerInvariant()} target.");
        }

        if (request.Costs is { AreUsable: false })
        {
            throw new TrainingException("The costs of a wrong and of a missed \"yes\" must be numbers of 0 or more, and not both 0.");
        }

        var metric = request.Metric ?? (request.Costs is not null ? "cost" : Evaluator.PrimaryMetric(task));
        if (request.Metric is not null && !Evaluator.MetricsOf(task).Contains(request.Metric, StringComparer.Ordinal))
        {
            throw new TrainingException($"The metric '{request.Metric}' is not available for {task} tasks. Choose one of: {string.Join(", ", Evaluator.MetricsOf(task))}.");
        }

        var timeOrder = request.TimeColumn is null ? null : TimeOrder(request, labelled);
        var numericTargets = NumericTargets(task, labels, targets);
        var plan = PlanFeatures(task, inputs, custom, locations, labelled, numericTargets, labels);
        var encoded = Encode(request.DataPath, plan, task, labels, labelled, targets);
        TargetEncoder.ApplyOutOfFold(plan, labelled, numericTargets, encoded, request.Seed, task == TaskKind.Multiclass ? labels : null);
        List<ExcludedColumn> excluded = request.ExcludeLeakyColumns ? LeakageGuard.Find(task, plan, encoded) : [];
        if (excluded.Count > 0)
        {
            inputs = [.. inputs.Where(c => !excluded.Any(e => e.Column == c.Name))];
            // A custom feature is the user's own choice and is not checked for leaks, but one built on a leak goes with it.
            // Location features go too, without a line each: the user never asked for them.
            var generated = locations.SelectMany(p => p.Features()).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var feature in custom.Where(f => f.Uses.Any(u => excluded.Any(e => e.Column == u.Name))).ToList())
            {
                custom.Remove(feature);
                if (!generated.Contains(feature.Column.Name))
                {
                    excluded.Add(new ExcludedColumn(feature.Column.Name, $"it uses the excluded column '{feature.Uses.First(u => excluded.Any(e => e.Column == u.Name)).Name}'"));
                }
            }

            if (inputs.Count == 0 && custom.Count == 0)
            {
                throw new TrainingException($"Every input column looks like a leak of '{target.Name}': {string.Join("; ", excluded.Select(e => $"{e.Column}: {e.Reason}"))}.");
            }

            plan = PlanFeatures(task, inputs, custom, locations, labelled, numericTargets, labels);
            encoded = Encode(request.DataPath, plan, task, labels, labelled, targets);
            TargetEncoder.ApplyOutOfFold(plan, labelled, numericTargets, encoded, request.Seed, task == TaskKind.Multiclass ? labels : null);
        }

        return new PreparedData(target, decision, labels, inputs, plan, encoded, excluded, new TrainingSet(task, plan, labels, encoded, request.Seed, timeOrder, request.Folds ?? TrainingSet.FoldsFor(encoded.Count, task == TaskKind.Regression ? 0 : distinct.Count, request.Budget)), metric);
    }

    /// <summary>
    /// The trainers' spaces plus the preprocessing choices this data offers: with high-cardinality columns, whether
    /// they are hashed (0, the default) or target-encoded (1). Recorded with each trial's parameters.
    /// </summary>
    private static IReadOnlyList<TrainerSpace> SearchSpace(TaskKind task, FeaturePlan plan, int rows)
    {
        var spaces = TrainerCatalog.SearchSpace(task, rows);
        if (plan.TargetEncodings.Count == 0)
        {
            return spaces;
        }

        var choice = new ParameterRange(FeaturePipeline.TargetEncodingParameter, 0, 1, 0, Integer: true);
        return [.. spaces.Select(s => s with { Parameters = [.. s.Parameters, choice] })];
    }

    /// <summary>The feature plan, with target encodings for its high-cardinality columns (one per class, for multiclass tasks).</summary>
    /// <remarks>Custom features are planned like columns of their type (their values are already on the rows), then marked.</remarks>
    private static FeaturePlan PlanFeatures(
        TaskKind task, IReadOnlyList<ColumnSchema> inputs, IReadOnlyList<CustomFeatures.Checked> custom, IReadOnlyList<LocationFeatures.Pair> locations,
        List<JsonObject> rows, IReadOnlyList<double> targets, IReadOnlyList<string> labels)
    {
        var plan = LocationFeatures.Group(CustomFeatures.Mark(FeaturePlan.Build([.. inputs, .. custom.Select(c => c.Column)], rows), custom), locations);
        return TargetEncoder.Fit(plan, rows, targets, task == TaskKind.Multiclass ? labels : null);
    }

    /// <summary>Targets as numbers for target encoding: 1 for the positive label and 0 otherwise, the class index, or the value itself.</summary>
    private static List<double> NumericTargets(TaskKind task, IReadOnlyList<string> labels, List<string> targets)
    {
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => (double)x.i, StringComparer.Ordinal);
        return task switch
        {
            TaskKind.Binary => [.. targets.Select(t => t == labels[1] ? 1.0 : 0.0)],
            TaskKind.Multiclass => [.. targets.Select(t => index[t])],
            _ => [.. targets.Select(t => double.Parse(t, NumberStyles.Float, CultureInfo.InvariantCulture))],
        };
    }

    /// <summary>
    /// Refits the members on all rows, heaviest first, each one the remaining budget allows (about one fold's fit of its
    /// trial, plus margin); a member that is not refitted serves its cross-validation models instead (see
    /// <see cref="ServedModels"/>). So a large ensemble on a short budget gets its most important members refitted
    /// instead of none of them. A refit, when there is one, is preferred: it saw every row.
    /// </summary>
    /// <returns>Each member's refit, in member order, or null where there was none.</returns>
    private async Task<ITransformer?[]> RefitAsync(
        CrossValidationTrialRunner runner, SearchResult search, IReadOnlyList<ScoredTrial> members, IReadOnlyList<double> weights, bool refit, int folds, TimeSpan remaining, CancellationToken cancellationToken)
    {
        var refits = new ITransformer?[members.Count];
        if (!refit)
        {
            return refits;
        }

        var started = _clock.GetTimestamp();
        using var refitBudget = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, refitBudget.Token);
        foreach (var i in Enumerable.Range(0, members.Count).OrderByDescending(i => weights[i]))
        {
            var cost = RefitReserve.RefitCost(search.Leaderboard.First(t => t.Number == members[i].Settings.Number).Duration, folds);
            if (remaining - _clock.GetElapsedTime(started) <= cost)
            {
                continue; // a lighter member after it may still fit in what is left
            }

            try
            {
                refits[i] = await runner.RefitAsync(members[i].Settings, linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Out of budget (or a refit failure): this member and the rest serve their cross-validation models.
                cancellationToken.ThrowIfCancellationRequested();
                break;
            }
        }

        return refits;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The weighted average, row by row, of several models' predictions.</summary>
    private static double[][] Average(List<IReadOnlyList<double[]>> predictions, IReadOnlyList<double> weights)
    {
        var result = predictions[0].Select(p => new double[p.Length]).ToArray();
        for (var m = 0; m < predictions.Count; m++)
        {
            for (var r = 0; r < result.Length; r++)
            {
                for (var k = 0; k < result[r].Length; k++)
                {
                    result[r][k] += weights[m] * predictions[m][r][k];
                }
            }
        }

        return result;
    }

    /// <summary>A budget in words for people: "2 seconds", "5 minutes", "1.5 hours".</summary>
    private static string Describe(TimeSpan budget) => budget.TotalSeconds switch
    {
        < 120 => Count(budget.TotalSeconds, "second"),
        < 7200 => Count(budget.TotalMinutes, "minute"),
        _ => Count(budget.TotalHours, "hour"),
    };

    private static string Count(double value, string unit)
    {
        var number = value.ToString("0.#", CultureInfo.InvariantCulture);
        return number == "1" ? $"1 {unit}" : $"{number} {unit}s";
    }

    /// <summary>Permutation importance on the last validation fold, with the model fitted without it; empty if it fails.</summary>
    private static List<FeatureImportance> Importance(
        CrossValidationTrialRunner runner, TrainingSet data, string metric, Func<IReadOnlyList<FeatureRow>, double[][]> predict, int seed, TimeSpan timeLeft, TimeSpan minimumTime, CancellationToken cancellationToken)
    {
        try
        {
            return PermutationImportance.Compute(runner, data.Plan, metric, predict, data.Folds[^1].Validation, data.All, seed, timeLeft, minimumTime, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            System.Diagnostics.Trace.TraceWarning("Feature importance failed: {0}", ex.Message);
            return [];
        }
    }

    /// <summary>Each row's rank in time by the request's time column (numbers, or ISO dates as text); missing values come first.</summary>
    private static List<int> TimeOrder(TrainingRequest request, List<JsonObject> rows)
    {
        if (request.Schema.Find(request.TimeColumn!) is null)
        {
            throw new TrainingException($"The time column '{request.TimeColumn}' was not found. Columns are: {string.Join(", ", request.Schema.Columns.Select(c => c.Name))}.");
        }

        var keys = rows.Select((double Number, string Text) (r) =>
        {
            r.TryGetPropertyValue(request.TimeColumn!, out var node);
            if (FieldReader.IsMissing(node))
            {
                return (double.NegativeInfinity, "");
            }

            return FieldReader.TryReadNumber(node!, out var number) ? (number, "") : (double.NaN, FieldReader.ReadText(node!));
        }).ToList();
        var order = Enumerable.Range(0, rows.Count)
            .OrderBy(i => double.IsNaN(keys[i].Number) ? double.PositiveInfinity : keys[i].Number)
            .ThenBy(i => keys[i].Text, StringComparer.Ordinal)
            .ThenBy(i => i)
            .ToList();
        var rank = new int[rows.Count];
        for (var k = 0; k < order.Count; k++)
        {
            rank[order[k]] = k;
        }

        return [.. rank];
    }

    /// <summary>Rows with a target value, and that value as a label string; rows missing the target are skipped.</summary>
    private static (List<JsonObject> Rows, List<string> Targets) ReadTargets(string path, ColumnSchema target, List<JsonObject> rows)
    {
        var kept = new List<JsonObject>(rows.Count);
        var targets = new List<string>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].TryGetPropertyValue(target.Name, out var node);
            if (FieldReader.IsMissing(node))
            {
                continue;
            }

            if (!FieldReader.TryReadLabel(target.Type, node!, out var label))
            {
                throw new TrainingException(
                    $"{path}, row {i + 1}: the target '{target.Name}' should be {FieldReader.Expected(target.Type)} but is {FieldReader.Describe(node!)}.");
            }

            kept.Add(rows[i]);
            targets.Add(label);
        }

        return (kept, targets);
    }

    private static List<string> SortLabels(ColumnType type, List<string> labels) =>
        type is ColumnType.Integer or ColumnType.Number
            ? [.. labels.OrderBy(l => double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture))]
            : [.. labels.Order(StringComparer.Ordinal)];

    private static List<FeatureRow> Encode(
        string path, FeaturePlan plan, TaskKind task, IReadOnlyList<string> labels, List<JsonObject> rows, List<string> targets)
    {
        var index = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var errors = new List<InputError>();
        var encoded = new List<FeatureRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            // A column the schema calls non-nullable but that has gaps is imputed, not refused.
            var row = plan.Encode(rows[i], i, errors, enforceRequired: false);
            switch (task)
            {
                case TaskKind.Binary:
                    row.Flag = index[targets[i]] == 1;
                    break;
                case TaskKind.Multiclass:
                    row.Class = (uint)index[targets[i]];
                    break;
                default:
                    row.Value = (float)double.Parse(targets[i], NumberStyles.Float, CultureInfo.InvariantCulture);
                    break;
            }

            encoded.Add(row);
        }

        if (errors.Count > 0)
        {
            var shown = errors.Take(5).Select(e => $"row {e.Row + 1}, column '{e.Field}': {e.Message}");
            throw new TrainingException($"{path}: {errors.Count} values do not match the schema, e.g. {string.Join("; ", shown)}.");
        }

        return encoded;
    }
}
