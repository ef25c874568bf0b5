using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Augur.Learning.Search;
using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Trainers;

/// <summary>
/// Runs a trial in process: for each fold of the <see cref="TrainingSet"/>, fits features plus trainer on the training
/// rows and predicts the validation rows; the metrics are computed on all those out-of-fold predictions together.
/// Each fit gets its own seeded MLContext, because cancelling a context (through the token) ends it for good.
/// Multiclass trials are calibrated: a <see cref="Calibration"/> (see <see cref="ProbabilityCalibration"/>) is fitted on
/// the trial's out-of-fold probabilities, which are then scored and stored calibrated, and it is reported as the trial's
/// "temperature" and "priorWeight" metrics; the bundle applies it to that trial's model.
/// </summary>
internal sealed class CrossValidationTrialRunner(TrainingSet data, int seed, string metric, BinaryCosts? costs = null, bool calibrate = true) : ITrialRunner
{
    /// <summary>The metric that holds a multiclass trial's temperature.</summary>
    public const string TemperatureMetric = "temperature";

    /// <summary>The metric that holds a multiclass trial's weight of the class frequencies in its calibration.</summary>
    public const string PriorWeightMetric = "priorWeight";

    /// <summary>Multiclass tasks: the class frequencies of all training rows, which calibration mixes in; empty otherwise.</summary>
    public IReadOnlyList<double> Prior { get; } = data.Task == TaskKind.Multiclass
        ? ProbabilityCalibration.Prior(data.All.Select(r => (int)r.Class), data.Labels.Count)
        : [];

    /// <summary>A trial's calibration, from its metrics (none for a trial that has no such metrics).</summary>
    public static Calibration CalibrationOf(IReadOnlyDictionary<string, double> metrics) => new(
        metrics.GetValueOrDefault(TemperatureMetric, 1.0), metrics.GetValueOrDefault(PriorWeightMetric, 0.0));

    // WaitAsync returns as soon as the token fires even if ML.NET only notices the cancellation later
    // (CancelExecution is best effort and LightGBM checks it only between iterations; see MlCancellation): the fit is
    // abandoned on its thread pool thread and its result dropped, so a cancelled run never waits for a long fit.
    public Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken) =>
        System.Threading.Tasks.Task.Run(() => Run(settings, cancellationToken), cancellationToken).WaitAsync(cancellationToken);

    /// <summary>Fits the settings on all rows, for the bundle.</summary>
    public Task<ITransformer> RefitAsync(TrialSettings settings, CancellationToken cancellationToken) =>
        System.Threading.Tasks.Task.Run(() => Fit(settings, data.All, cancellationToken), cancellationToken).WaitAsync(cancellationToken);

    public ITransformer Fit(TrialSettings settings, IReadOnlyList<FeatureRow> rows, CancellationToken cancellationToken)
    {
        var ml = new MLContext(seed);
        using var registration = MlCancellation.Register(ml, cancellationToken);
        var targetEncoding = settings.Parameters.TryGetValue(FeaturePipeline.TargetEncodingParameter, out var choice) && choice >= 0.5;
        var model = FeaturePipeline.Build(ml, data.Plan, targetEncoding).Append(TrainerCatalog.Create(ml, data.Task, settings, seed)).Fit(data.Load(ml, rows));
        cancellationToken.ThrowIfCancellationRequested();
        return model;
    }

    private int _walked;

    /// <summary>
    /// Below this many rows the flat walk's own checks (a few hundred probe vectors through ML.NET) cost more than they
    /// save, so small validation folds are scored by ML.NET directly.
    /// </summary>
    internal const int FlatWalkFromRows = 1_000;

    // One proof per model: a trial's folds and permutation importance score the same model many times.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ITransformer, FlatModel> _flat = [];

    /// <summary>A model's proved walk, and the lock that serialises building its ML.NET mappers (one per model, as a bundle keeps one).</summary>
    private sealed record FlatModel(DenseScoring? Scoring)
    {
        public Lock Building { get; } = new();
    }

    /// <summary>The model's flat walk when it is a tree model proved to answer as ML.NET does (else its Scoring is null, and ML.NET scores).</summary>
    private FlatModel Flat(ITransformer model) => _flat.GetValue(model, m =>
    {
        try
        {
            return new FlatModel(DenseScoring.TryCreate(m, new MLContext(seed), data.Definition) is { WalksTrees: true } dense ? dense : null);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            return new FlatModel(null);
        }
    });

    /// <summary>How many <see cref="Predict"/> calls were answered by the flat trees (for tests: the fast path is taken).</summary>
    internal int WalkedTrees => _walked;

    /// <summary>Predictions of a model for rows (see <see cref="OutOfFold"/> for their shape).</summary>
    /// <remarks>
    /// A binary or regression tree model is read as the bundle reads it in batch (<see cref="DenseScoring"/>: its features
    /// handed over dense and, once proved to answer the same to the bit, its trees walked flat), which gives the very
    /// same numbers several times faster than ML.NET's sparse walk; every other model is read through ML.NET.
    /// </remarks>
    public double[][] Predict(ITransformer model, IReadOnlyList<FeatureRow> rows)
    {
        if (rows.Count >= FlatWalkFromRows && data.Task != TaskKind.Multiclass && Flat(model) is { Scoring: { } dense } flat)
        {
            try
            {
                var values = new double[rows.Count][];
                var at = 0;
                var column = data.Task == TaskKind.Binary ? nameof(BinaryScore.Probability) : nameof(RegressionScore.Score);
                if (dense.Read<float>(rows, data.Load(new MLContext(seed), rows), column, flat.Building, getter => () =>
                    {
                        var value = 0f;
                        getter(ref value);
                        values[at++] = [value];
                    }) && at == rows.Count)
                {
                    Interlocked.Increment(ref _walked);
                    return values;
                }
            }
            catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
            {
                // A shape the flat walk was not proved on: ML.NET answers instead, as it did before the walk existed.
                _flat.AddOrUpdate(model, new FlatModel(null));
            }
        }

        return PredictWithMlNet(model, rows);
    }

    /// <summary>Predictions read through ML.NET's own scoring (the reference <see cref="Predict"/> answers the same as).</summary>
    internal double[][] PredictWithMlNet(ITransformer model, IReadOnlyList<FeatureRow> rows)
    {
        var ml = new MLContext(seed);
        var scored = model.Transform(data.Load(ml, rows));
        return data.Task switch
        {
            TaskKind.Binary => [.. ml.Data.CreateEnumerable<BinaryScore>(scored, reuseRowObject: false).Select(s => new[] { (double)s.Probability })],
            TaskKind.Multiclass => [.. ml.Data.CreateEnumerable<MulticlassScore>(scored, reuseRowObject: false).Select(s => Normalise(s.Scores, data.Labels.Count))],
            _ => [.. ml.Data.CreateEnumerable<RegressionScore>(scored, reuseRowObject: false).Select(s => new[] { (double)s.Score })],
        };
    }

    public TaskKind Task => data.Task;

    /// <summary>What the fitted pipelines read, as ML.NET saves it with a model.</summary>
    public DataViewSchema InputSchema(MLContext ml) => data.Load(ml, []).Schema;

    /// <summary>
    /// Whether a run stored elsewhere can stand for one of this runner's: measured on these very folds (its out-of-fold
    /// rows are their validation rows, in fold order) with this metric, and carrying its models (one per fold on k-fold).
    /// </summary>
    public bool CanStandFor(TrialRun run) =>
        run.OutOfFold is { } oof
        && run.Model is not null
        && run.Metric == metric
        && run.FoldModels.Count == (data.Folds.Count > 1 ? data.Folds.Count : 0)
        && oof.Predictions.Count == oof.Rows.Count
        && oof.Predictions.All(p => p.Length == (data.Task == TaskKind.Multiclass ? data.Labels.Count : 1))
        && oof.Rows.SequenceEqual(data.Folds.SelectMany(f => f.Validation));

    /// <summary>Metrics of predictions for rows of the training set.</summary>
    public Dictionary<string, double> Evaluate(IReadOnlyList<int> rows, IReadOnlyList<double[]> predictions) => data.Task switch
    {
        TaskKind.Binary => Metrics.Binary([.. rows.Select(i => data.All[i].Flag)], [.. predictions.Select(p => p[0])], costs),
        TaskKind.Multiclass => Metrics.Multiclass([.. rows.Select(i => (int)data.All[i].Class)], predictions, data.Labels.Count),
        _ => Metrics.Regression([.. rows.Select(i => (double)data.All[i].Value)], [.. predictions.Select(p => p[0])]),
    };

    private TrialRun Run(TrialSettings settings, CancellationToken cancellationToken)
    {
        var rows = new List<int>();
        var predictions = new List<double[]>();
        var foldSizes = new List<int>();
        ITransformer? model = null;
        // Every fold's model is kept for a trial on all rows (a screening trial on a subsample is never served): a member
        // that cannot be refitted on all rows serves their average (see AutoTrainer). k-fold is for small data unless the
        // request fixes the folds (TrainingSet.FoldsFor), and the search drops them from all but its best trials.
        var foldModels = new List<ITransformer>();
        var trainingRows = 0;
        for (var f = 0; f < data.Folds.Count; f++)
        {
            var fold = data.Folds[f];
            // A screening trial (successive halving) fits on a stratified share of the fold's training rows and is scored
            // on all its validation rows, so rungs are scored alike. The share is the same for every configuration.
            var train = settings.IsFullData ? fold.Train : data.Subsample(fold.Train, settings.DataFraction, salt: f);
            trainingRows = Math.Max(trainingRows, train.Count);
            model = Fit(settings, data.Rows(train), cancellationToken);
            if (settings.IsFullData && data.Folds.Count > 1)
            {
                foldModels.Add(model);
            }

            rows.AddRange(fold.Validation);
            predictions.AddRange(Predict(model, data.Rows(fold.Validation)));
            foldSizes.Add(fold.Validation.Count);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var calibration = Calibration.None;
        if (data.Task == TaskKind.Multiclass && calibrate)
        {
            calibration = ProbabilityCalibration.Fit([.. rows.Select(i => (int)data.All[i].Class)], predictions, Prior);
            predictions = [.. ProbabilityCalibration.Apply(predictions, calibration, Prior)];
        }

        // Per-fold metrics show how stable a trial is; the ranking still uses the pooled out-of-fold metrics below.
        // A small fold can leave a metric undefined (AUC with one class); those are left out, not stored as NaN.
        var foldMetrics = new List<IReadOnlyDictionary<string, double>>();
        var start = 0;
        foreach (var size in foldSizes)
        {
            foldMetrics.Add(Evaluate(rows.GetRange(start, size), predictions.GetRange(start, size)).Where(m => double.IsFinite(m.Value)).ToDictionary());
            start += size;
        }

        var metrics = Evaluate(rows, predictions);
        if (data.Task == TaskKind.Multiclass && calibrate)
        {
            metrics[TemperatureMetric] = calibration.Temperature;
            metrics[PriorWeightMetric] = calibration.PriorWeight;
        }

        return new TrialRun(metrics, Evaluator.Loss(metric, metrics), model)
        {
            OutOfFold = new OutOfFold(rows, predictions),
            FoldMetrics = foldMetrics,
            TrainingRows = trainingRows,
            Metric = metric,
            FoldModels = foldModels,
        };
    }

    private static double[] Normalise(float[] scores, int classes)
    {
        var result = new double[classes];
        var sum = scores.Take(classes).Sum(s => (double)s);
        for (var k = 0; k < classes; k++)
        {
            result[k] = sum > 0 && k < scores.Length ? scores[k] / sum : 1.0 / classes;
        }

        return result;
    }
}
