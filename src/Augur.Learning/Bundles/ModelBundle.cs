using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data;
using Augur.Data.Schema;
using Augur.Learning.Explanations;
using Augur.Learning.Features;
using Augur.Learning.Trainers;
using Augur.Learning.Trainers.Forest;
using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Bundles;

/// <summary>
/// One file that holds everything needed to score raw rows: the input schema and cleaning rules, the feature
/// pipeline, the model, the labels and the metrics. Loads in a fresh process. Predict is thread-safe.
/// </summary>
/// <remarks>
/// The file is a zip: <c>bundle.json</c> (<see cref="BundleInfo"/>), <c>features.json</c> (how raw fields map onto
/// the model's input vectors, and the target's type) and <c>model.zip</c> (the ML.NET pipeline); a model that ends in an
/// extra-trees forest keeps the forest in <c>forest-N.bin</c> beside its pipeline (<see cref="ForestBundling"/>); a
/// trained bundle carries what its run learned in <c>report.json</c> (<see cref="Report"/>).
/// </remarks>
public sealed class ModelBundle : IDisposable
{
    public const string FormatVersion = "1";

    /// <summary>
    /// The version written when a model ends in an extra-trees forest (kept beside its pipeline): an older Augur would
    /// load the pipeline without the forest and answer zeros, so it must refuse the file instead.
    /// </summary>
    public const string ForestFormatVersion = "2";

    /// <summary>
    /// The version written when the bundle calibrates by <see cref="BundleInfo.MatrixScaling"/>: an older Augur would
    /// ignore it and serve uncalibrated probabilities, so it must refuse the file instead.
    /// </summary>
    public const string MatrixScalingFormatVersion = "3";

    private const string InfoEntry = "bundle.json";
    private const string SpecEntry = "features.json";
    private const string ReportEntry = "report.json";

    private readonly BundleSpec _spec;
    private readonly MLContext _ml;
    private readonly IReadOnlyList<ITransformer> _models;
    private readonly DenseScoring?[] _dense;
    private readonly double[] _weights;
    private readonly Calibration[] _calibrations;
    private readonly Calibration _calibration;
    private readonly SchemaDefinition _input;
    private readonly HashSet<string> _known;
    private readonly EnginePool<BinaryScore>[]? _binary;
    private readonly EnginePool<MulticlassScore>[]? _multiclass;
    private readonly EnginePool<RegressionScore>[]? _regression;
    private readonly Lazy<(ContributionExplainer? Explainer, string? Note)> _explainer;
    private readonly ColumnType _answerType;

    // MLContext is not documented as thread-safe: building data views (cheap) is serialised; cursoring them is not.
    private readonly Lock _building = new();

    internal ModelBundle(BundleInfo info, BundleSpec spec, MLContext ml, ITransformer model)
        : this(info, spec, ml, [model])
    {
    }

    /// <param name="models">One model, or the models of <see cref="BundleInfo.Ensemble"/> in its order.</param>
    internal ModelBundle(BundleInfo info, BundleSpec spec, MLContext ml, IReadOnlyList<ITransformer> models)
    {
        if (info.Ensemble.Count > 0 && info.Ensemble.Count != models.Count)
        {
            throw new InvalidDataException($"The bundle lists {info.Ensemble.Count} ensemble members but holds {models.Count} models.");
        }

        Info = info;
        _spec = spec;
        _ml = ml;
        _models = models;
        _weights = info.Ensemble.Count > 0 ? [.. info.Ensemble.Select(m => m.Weight / info.Ensemble.Sum(e => e.Weight))] : [1.0];
        _calibrations = info.Ensemble.Count > 0 ? [.. info.Ensemble.Select(m => m.Calibration)] : [Calibration.None];
        _calibration = info.Calibration;
        _input = spec.Features.Definition(info.Task, info.Labels.Count);
        _dense = [.. models.Select(m => DenseScoring.TryCreate(m, ml, _input))];
        _known = [.. info.Inputs.Select(c => c.Name), info.Target, .. spec.TableColumns];
        switch (info.Task)
        {
            case TaskKind.Binary:
                _binary = [.. models.Select(m => new EnginePool<BinaryScore>(ml, m, _input))];
                break;
            case TaskKind.Multiclass:
                _multiclass = [.. models.Select(m => new EnginePool<MulticlassScore>(ml, m, _input))];
                break;
            default:
                _regression = [.. models.Select(m => new EnginePool<RegressionScore>(ml, m, _input))];
                break;
        }

        _explainer = new Lazy<(ContributionExplainer?, string?)>(CreateExplainer, LazyThreadSafetyMode.ExecutionAndPublication);
        // A boolean target whose classes are named in the source's spelling ("No", "Yes") is answered in those words;
        // bundles without one (older, or data that said true/false) answer JSON false/true as before.
        _answerType = spec.TargetType == ColumnType.Boolean && !info.Labels.SequenceEqual(["false", "true"]) ? ColumnType.Text : spec.TargetType;
    }

    /// <summary>The default number of reason codes per row when a caller asks for them without a number.</summary>
    public const int DefaultReasons = 3;

    public BundleInfo Info { get; }

    /// <summary>The type of the column the model predicts, as it was trained (to read known outcomes the same way).</summary>
    internal ColumnType TargetType => _spec.TargetType;

    /// <summary>
    /// What the run that trained this bundle found (importance, lift table, columns left out), so that a bundle exported
    /// or trained elsewhere shows it wherever it is imported. Null for bundles written before it was kept, and when the
    /// entry cannot be read: it explains the model, scoring never needs it.
    /// </summary>
    public TrainingReport? Report { get; internal set; }

    /// <summary>Each model cut for batch scoring, or null where it is scored whole (for tests and diagnostics).</summary>
    internal IReadOnlyList<DenseScoring?> DenseMembers => _dense;

    public async Task SaveAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var forests = _models.Any(m => ForestBundling.Split(m).Forest is not null);
            var version = Info.MatrixScaling is not null ? MatrixScalingFormatVersion : forests ? ForestFormatVersion : Info.FormatVersion;
            WriteJson(zip, InfoEntry, Info with { FormatVersion = version });
            WriteJson(zip, SpecEntry, _spec);
            if (Report is not null)
            {
                WriteJson(zip, ReportEntry, Report);
            }
            var schema = _ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), _input).Schema;
            for (var i = 0; i < _models.Count; i++)
            {
                await TransformerZip.WriteAsync(zip, i, _ml, _models[i], schema, CompressionLevel.Fastest, cancellationToken).ConfigureAwait(false);
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <exception cref="InvalidDataException">The stream is not a bundle, or a newer format.</exception>
    public static async Task<ModelBundle> LoadAsync(Stream source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var buffer = new MemoryStream();
        await source.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read);
        var info = ReadJson<BundleInfo>(zip, InfoEntry);
        if (info.FormatVersion is not (FormatVersion or ForestFormatVersion or MatrixScalingFormatVersion))
        {
            throw new InvalidDataException($"This bundle has format version {info.FormatVersion}; this version of Augur reads versions {FormatVersion} to {MatrixScalingFormatVersion}.");
        }

        var spec = ReadJson<BundleSpec>(zip, SpecEntry);
        var ml = new MLContext(info.Seed);
        var models = new List<ITransformer>();
        for (var i = 0; i < Math.Max(1, info.Ensemble.Count); i++)
        {
            models.Add(await TransformerZip.ReadAsync(zip, i, ml, info.Task, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"This file is not a model bundle: it has no {TransformerZip.ModelEntry(i)}."));
        }

        return new ModelBundle(info, spec, ml, models) { Report = ReadReport(zip) };
    }

    private static TrainingReport? ReadReport(ZipArchive zip)
    {
        if (zip.GetEntry(ReportEntry) is not { } entry)
        {
            return null;
        }

        using var stream = entry.Open();
        return TrainingReport.Read(stream);
    }

    /// <summary>Fields of a row that were not in the training table at all, so the caller can warn about them.</summary>
    public IReadOnlyList<string> UnknownFields(JsonObject row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return [.. row.Select(p => p.Key).Where(k => !_known.Contains(k))];
    }

    /// <summary>
    /// Scores raw rows (field values as in the JSONL: numbers, numeric strings, strings, booleans, ISO dates, null).
    /// Every row is validated before any is scored. Unknown fields are ignored.
    /// </summary>
    /// <exception cref="InvalidInputException">A required field is missing or has the wrong type.</exception>
    public IReadOnlyList<RowPrediction> Predict(IReadOnlyList<JsonObject> rows) => Predict(rows, reasons: 0);

    /// <summary>As <see cref="Predict(IReadOnlyList{JsonObject})"/>, with up to <paramref name="reasons"/> reason codes per row (0: none).</summary>
    /// <remarks>Multiclass models give no reason codes; see <see cref="ExplanationNote"/> for what a bundle gives.</remarks>
    public IReadOnlyList<RowPrediction> Predict(IReadOnlyList<JsonObject> rows, int reasons)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reasons);
        ArgumentNullException.ThrowIfNull(rows);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var errors = new List<InputError>();
        var encoded = new FeatureRow[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            encoded[i] = _spec.Features.Encode(rows[i], i, errors);
        }

        if (errors.Count > 0)
        {
            throw new InvalidInputException(errors);
        }

        return [.. encoded.Select(row => Score(row, reasons))];
    }

    /// <summary>
    /// Scores each row on its own: a row with a missing or mistyped field gets its errors, and every other row is still
    /// answered (the online endpoints' contract, where one bad row must never fail its neighbours).
    /// </summary>
    public IReadOnlyList<RowOutcome> PredictEach(IReadOnlyList<JsonObject> rows) => PredictEach(rows, reasons: 0);

    /// <summary>As <see cref="PredictEach(IReadOnlyList{JsonObject})"/>, with up to <paramref name="reasons"/> reason codes per row (0: none).</summary>
    public IReadOnlyList<RowOutcome> PredictEach(IReadOnlyList<JsonObject> rows, int reasons)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reasons);
        ArgumentNullException.ThrowIfNull(rows);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var outcomes = new RowOutcome[rows.Count];
        var errors = new List<InputError>();
        for (var i = 0; i < rows.Count; i++)
        {
            errors.Clear();
            var encoded = _spec.Features.Encode(rows[i], i, errors);
            outcomes[i] = errors.Count == 0 ? new RowOutcome(Score(encoded, reasons), []) : new RowOutcome(null, [.. errors]);
        }

        return outcomes;
    }

    /// <summary>
    /// Scores many rows with one ML.NET <c>Transform</c> per model instead of one engine call per row, for batch
    /// scoring, with <see cref="PredictEach"/>'s contract and answers: an invalid row gets its errors, the others are
    /// answered. Thread-safe; callers cut a large file into batches of thousands of rows (memory grows with the batch).
    /// </summary>
    public IReadOnlyList<RowOutcome> PredictBatch(IReadOnlyList<JsonObject> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return PredictBatch(rows.Count, (i, errors) => _spec.Features.Encode(rows[i], i, errors));
    }

    /// <summary>The raw columns a row is scored from: the inputs, and the columns the custom features read.</summary>
    public IReadOnlyList<string> ReadColumns =>
        [.. Info.Inputs.Select(c => c.Name).Concat(_spec.Features.Inputs.SelectMany(i => i.Uses).Select(c => c.Name)).Distinct(StringComparer.Ordinal)];

    /// <summary>The columns of <see cref="PredictBatch(IReadOnlyList{JsonNode[]}, CellLayout)"/>'s rows, in order; unknown columns are ignored.</summary>
    public CellLayout Layout(IReadOnlyList<string> columns) => _spec.Features.Layout(columns);

    /// <summary>
    /// As <see cref="PredictBatch(IReadOnlyList{JsonObject})"/>, for rows held as cells in the order of
    /// <paramref name="layout"/>'s columns (a file read by position): the same answers, without a JSON object per row.
    /// </summary>
    public IReadOnlyList<RowOutcome> PredictBatch(IReadOnlyList<JsonNode?[]> rows, CellLayout layout)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(layout);
        return PredictBatch(rows.Count, (i, errors) => _spec.Features.Encode(rows[i], layout, i, errors));
    }

    /// <summary>
    /// As <see cref="PredictBatch(IReadOnlyList{JsonNode[]}, CellLayout)"/>, the same answers to the bit, written into
    /// <paramref name="answers"/> (flat arrays, no object per row), whose encoded rows and arrays are reused from one
    /// batch to the next. Thread-safe as long as each thread has its own <see cref="BatchAnswers"/>.
    /// </summary>
    public void PredictBatch(IReadOnlyList<JsonNode?[]> rows, CellLayout layout, BatchAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(answers);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var classes = Info.Task == TaskKind.Regression ? 1 : Info.Labels.Count;
        answers.Start(this, rows.Count, classes);
        var (valid, positions, errors) = (answers.Valid, answers.Positions, answers.Problems);
        for (var i = 0; i < rows.Count; i++)
        {
            errors.Clear();
            var reused = answers.Row(valid.Count);
            var encoded = _spec.Features.Encode(rows[i], layout, i, errors, reused);
            if (errors.Count == 0)
            {
                answers.Keep(valid.Count, encoded);
                valid.Add(encoded);
                positions.Add(i);
            }
            else
            {
                answers.Reject(i, [.. errors]);
            }
        }

        if (valid.Count == 0)
        {
            return;
        }

        IDataView data;
        lock (_building)
        {
            data = _ml.Data.LoadFromEnumerable(valid, _input);
        }

        if (_binary is not null)
        {
            var p = Members.Select(m => Floats(m, valid, data, nameof(BinaryScore.Probability), valid.Count)).ToArray();
            for (var r = 0; r < valid.Count; r++)
            {
                var blended = Blend(m => p[m][r]);
                var scores = answers.ScoresToFill(positions[r]);
                scores[0] = 1 - blended;
                scores[1] = blended;
                answers.SetBest(positions[r], blended >= Info.Threshold ? 1 : 0);
            }
        }
        else if (_multiclass is not null)
        {
            var scores = Members.Select(m => Vectors(m, valid, data, "Score", valid.Count)).ToArray();
            for (var r = 0; r < valid.Count; r++)
            {
                answers.SetBest(positions[r], Average(m => scores[m][r], answers.ScoresToFill(positions[r])));
            }
        }
        else
        {
            var values = Members.Select(m => Floats(m, valid, data, nameof(RegressionScore.Score), valid.Count)).ToArray();
            for (var r = 0; r < valid.Count; r++)
            {
                answers.ScoresToFill(positions[r])[0] = Blend(m => values[m][r]);
            }
        }
    }

    private RowOutcome[] PredictBatch(int count, Func<int, List<InputError>, FeatureRow> encode)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var outcomes = new RowOutcome[count];
        var valid = new List<FeatureRow>(count);
        var positions = new List<int>(count);
        var errors = new List<InputError>();
        for (var i = 0; i < count; i++)
        {
            errors.Clear();
            var encoded = encode(i, errors);
            if (errors.Count == 0)
            {
                valid.Add(encoded);
                positions.Add(i);
            }
            else
            {
                outcomes[i] = new RowOutcome(null, [.. errors]);
            }
        }

        if (valid.Count > 0)
        {
            var predictions = ScoreBatch(valid);
            for (var k = 0; k < predictions.Length; k++)
            {
                outcomes[positions[k]] = new RowOutcome(predictions[k], []);
            }
        }

        return outcomes;
    }

    private RowPrediction[] ScoreBatch(List<FeatureRow> rows)
    {
        IDataView data;
        lock (_building)
        {
            data = _ml.Data.LoadFromEnumerable(rows, _input);
        }

        var answers = new RowPrediction[rows.Count];
        if (_binary is not null)
        {
            var p = Members.Select(m => Floats(m, rows, data, nameof(BinaryScore.Probability), rows.Count)).ToArray();
            for (var r = 0; r < answers.Length; r++)
            {
                answers[r] = FromBinary(m => p[m][r]);
            }
        }
        else if (_multiclass is not null)
        {
            var scores = Members.Select(m => Vectors(m, rows, data, "Score", rows.Count)).ToArray();
            for (var r = 0; r < answers.Length; r++)
            {
                answers[r] = FromMulticlass(m => scores[m][r]);
            }
        }
        else
        {
            var values = Members.Select(m => Floats(m, rows, data, nameof(RegressionScore.Score), rows.Count)).ToArray();
            for (var r = 0; r < answers.Length; r++)
            {
                answers[r] = FromRegression(m => values[m][r]);
            }
        }

        return answers;
    }

    // Both readers drive the model's row-to-row mapper (what a PredictionEngine uses) over one cursor of the batch. A
    // cursor on the transformed view would be cut by ML.NET into parallel cursors and put back together (its
    // Splitter and consolidating cursor, with spinning waits), which costs more than it gains when the caller already
    // runs one batch per core. A column the model does not produce reads as 0, as the engines' outputs do.
    private IEnumerable<int> Members => Enumerable.Range(0, _models.Count);

    private float[] Floats(int model, IReadOnlyList<FeatureRow> rows, IDataView data, string column, int count)
    {
        var values = new float[count];
        ReadColumn<float>(model, rows, data, column, getter =>
        {
            var i = 0;
            return () => getter(ref values[i++]);
        });
        return values;
    }

    private float[][] Vectors(int model, IReadOnlyList<FeatureRow> rows, IDataView data, string column, int count)
    {
        var values = new float[count][];
        Array.Fill(values, []);
        ReadColumn<VBuffer<float>>(model, rows, data, column, getter =>
        {
            var i = 0;
            var buffer = default(VBuffer<float>);
            return () =>
            {
                getter(ref buffer);
                values[i++] = [.. buffer.DenseValues()];
            };
        });
        return values;
    }

    // A tree model is read through its two halves with the features handed over dense (DenseScoring), which answers
    // the same to the bit with fewer binary searches in the trees.
    private void ReadColumn<T>(int model, IReadOnlyList<FeatureRow> rows, IDataView data, string column, Func<ValueGetter<T>, Action> reader)
    {
        if (_dense[model] is { } dense)
        {
            dense.Read(rows, data, column, _building, reader);
            return;
        }

        IRowToRowMapper mapper;
        lock (_building)
        {
            mapper = _models[model].GetRowToRowMapper(data.Schema);
        }

        if (mapper.OutputSchema.GetColumnOrNull(column) is not { } output)
        {
            return;
        }

        using var cursor = data.GetRowCursor(mapper.GetDependencies([output]));
        using var row = mapper.GetRow(cursor, [output]);
        var next = reader(row.GetGetter<T>(output));
        while (cursor.MoveNext())
        {
            next();
        }
    }

    /// <summary>
    /// Runs a row of missing values through every model a few times, so that the engines exist and the code is compiled
    /// before the first real request arrives (a new deployment takes traffic warm).
    /// </summary>
    public void WarmUp(int times = 3)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var row = _spec.Features.Encode(new JsonObject(), 0, [], enforceRequired: false);
        for (var i = 0; i < times; i++)
        {
            Score(row, 0);
        }
    }

    /// <summary>
    /// Says where reason codes come from, or why there are none: null when the bundle's single trial explains itself
    /// (tree models, and linear ones through their weights; the average of its cross-validation models' contributions
    /// when it serves those); for an ensemble, which member explains it; for multiclass
    /// models, that none are given. Building the
    /// explainer happens here (or on the first request for reasons), not at load.
    /// </summary>
    public string? ExplanationNote => _explainer.Value.Note;

    /// <summary>Whether <see cref="Predict(IReadOnlyList{JsonObject}, int)"/> returns reason codes.</summary>
    public bool CanExplain => _explainer.Value.Explainer is not null;

    private (ContributionExplainer?, string?) CreateExplainer()
    {
        if (Info.Task == TaskKind.Multiclass)
        {
            return (null, "Reason codes are not available for multiclass models.");
        }

        // An ensemble is explained by its heaviest trial that can be: an approximation, and the note says so. A trial served
        // as the average of its cross-validation models is explained by the average of their contributions.
        var trials = Info.Ensemble.Count == 0
            ? [[0]]
            : Enumerable.Range(0, _models.Count).GroupBy(i => Info.Ensemble[i].Trial).Select(g => g.ToArray())
                .OrderByDescending(g => g.Sum(i => _weights[i])).ThenBy(g => g[0]).ToList();
        foreach (var trial in trials)
        {
            var explainer = ContributionExplainer.TryCreate(_ml, [.. trial.Select(i => _models[i])], _input, _spec.Features);
            if (explainer is not null)
            {
                var member = Info.Ensemble.Count == 0 ? null : Info.Ensemble[trial[0]];
                return (explainer, member is null || trials.Count == 1
                    ? null
                    : $"Reason codes come from the ensemble's {member.Trainer} model (trial {member.Trial}, weight {trial.Sum(i => _weights[i]):0.##}).");
            }
        }

        return (null, $"Reason codes are not available for this model ({Info.Trainer}).");
    }

    private bool _disposed;

    public void Dispose()
    {
        _disposed = true;
        if (_explainer.IsValueCreated)
        {
            _explainer.Value.Explainer?.Dispose();
        }

        foreach (var pool in (IEnumerable<IDisposable>?)_binary ?? (IEnumerable<IDisposable>?)_multiclass ?? _regression ?? [])
        {
            pool.Dispose();
        }
    }

    private RowPrediction Score(FeatureRow row, int reasons)
    {
        var prediction = Score(row);
        if (reasons == 0 || _explainer.Value.Explainer is not { } explainer)
        {
            return prediction;
        }

        return prediction with { Reasons = explainer.Explain(row, reasons) };
    }

    private RowPrediction Score(FeatureRow row)
    {
        if (_binary is not null)
        {
            return FromBinary(m => _binary[m].Predict(row).Probability);
        }

        if (_multiclass is not null)
        {
            return FromMulticlass(m => _multiclass[m].Predict(row).Scores);
        }

        return FromRegression(m => _regression![m].Predict(row).Score);
    }

    // The three From* methods turn each model's raw output into the answer; the row path (one engine call per row)
    // and the batch path (one Transform per batch) both go through them, so they answer the same to the last bit.
    private double Blend(Func<int, float> value)
    {
        var p = 0.0;
        for (var m = 0; m < _weights.Length; m++)
        {
            p += _weights[m] * value(m);
        }

        return p;
    }

    private RowPrediction FromBinary(Func<int, float> probability)
    {
        var labels = Info.Labels;
        var p = Blend(probability);
        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal) { [labels[0]] = 1 - p, [labels[1]] = p };
        return new RowPrediction(Label(p >= Info.Threshold ? labels[1] : labels[0]), probabilities);
    }

    private RowPrediction FromMulticlass(Func<int, float[]> modelScores)
    {
        var labels = Info.Labels;
        var averaged = new double[labels.Count];
        var best = Average(modelScores, averaged);
        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var k = 0; k < labels.Count; k++)
        {
            probabilities[labels[k]] = averaged[k];
        }

        return new RowPrediction(Label(labels[best]), probabilities);
    }

    /// <summary>
    /// Averages the models' normalised class scores, each calibrated by its member's calibration, into
    /// <paramref name="averaged"/> and calibrates the average with the bundle's (<see cref="BundleInfo.MatrixScaling"/>
    /// where it has one); returns the best class.
    /// </summary>
    private int Average(Func<int, float[]> modelScores, Span<double> averaged)
    {
        var labels = Info.Labels;
        averaged.Clear();
        Span<double> normalised = labels.Count <= 64 ? stackalloc double[labels.Count] : new double[labels.Count];
        for (var m = 0; m < _weights.Length; m++)
        {
            Normalise(modelScores(m), normalised);
            ProbabilityCalibration.Apply(normalised, _calibrations[m], Info.ClassPrior);
            for (var k = 0; k < labels.Count; k++)
            {
                averaged[k] += _weights[m] * normalised[k];
            }
        }

        // The best class is taken after calibration: the temperature keeps the order, but the mix with the class
        // frequencies (or matrix scaling) can swap two classes within a few percent of each other.
        if (Info.MatrixScaling is { } scaling)
        {
            scaling.Apply(averaged, Info.ClassPrior);
        }
        else
        {
            ProbabilityCalibration.Apply(averaged, _calibration, Info.ClassPrior);
        }

        return Metrics.ArgMax(averaged);
    }

    private static void Normalise(float[] scores, Span<double> normalised)
    {
        var sum = 0.0;
        for (var k = 0; k < normalised.Length && k < scores.Length; k++)
        {
            sum += scores[k];
        }

        for (var k = 0; k < normalised.Length; k++)
        {
            normalised[k] = sum > 0 && k < scores.Length ? scores[k] / sum : 1.0 / normalised.Length;
        }
    }

    private RowPrediction FromRegression(Func<int, float> score) => new(JsonValue.Create(Blend(score)), null);

    private JsonNode Label(string label) => FieldReader.LabelToJson(_answerType, label);

    internal JsonNode LabelNode(int index) => Label(Info.Labels[index]);

    private static void WriteJson<T>(ZipArchive zip, string name, T value)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        JsonSerializer.Serialize(stream, value, AugurJson.Options);
    }

    private static T ReadJson<T>(ZipArchive zip, string name)
    {
        using var stream = Entry(zip, name).Open();
        return JsonSerializer.Deserialize<T>(stream, AugurJson.Options)
            ?? throw new InvalidDataException($"The bundle's {name} is empty.");
    }

    private static ZipArchiveEntry Entry(ZipArchive zip, string name) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"This file is not a model bundle: it has no {name}.");
}
