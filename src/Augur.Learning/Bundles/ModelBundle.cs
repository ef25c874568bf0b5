using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data;
using Augur.Learning.Features;
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
/// the model's input vectors, and the target's type) and <c>model.zip</c> (the ML.NET pipeline).
/// </remarks>
public sealed class ModelBundle : IDisposable
{
    public const string FormatVersion = "1";

    private const string InfoEntry = "bundle.json";
    private const string SpecEntry = "features.json";
    private const string ModelEntry = "model.zip";

    private readonly BundleSpec _spec;
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _input;
    private readonly HashSet<string> _known;
    private readonly EnginePool<BinaryScore>? _binary;
    private readonly EnginePool<MulticlassScore>? _multiclass;
    private readonly EnginePool<RegressionScore>? _regression;

    internal ModelBundle(BundleInfo info, BundleSpec spec, MLContext ml, ITransformer model)
    {
        Info = info;
        _spec = spec;
        _ml = ml;
        _model = model;
        _input = spec.Features.Definition(info.Task, info.Labels.Count);
        _known = [.. info.Inputs.Select(c => c.Name), info.Target, .. spec.TableColumns];
        switch (info.Task)
        {
            case TaskKind.Binary:
                _binary = new(ml, model, _input);
                break;
            case TaskKind.Multiclass:
                _multiclass = new(ml, model, _input);
                break;
            default:
                _regression = new(ml, model, _input);
                break;
        }
    }

    public BundleInfo Info { get; }

    public async Task SaveAsync(Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            WriteJson(zip, InfoEntry, Info);
            WriteJson(zip, SpecEntry, _spec);
            using var model = new MemoryStream();
            var schema = _ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), _input).Schema;
            _ml.Model.Save(_model, schema, model);
            await using var entry = zip.CreateEntry(ModelEntry, CompressionLevel.Fastest).Open();
            model.Position = 0;
            await model.CopyToAsync(entry, cancellationToken).ConfigureAwait(false);
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
        if (info.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"This bundle has format version {info.FormatVersion}; this version of Augur reads version {FormatVersion}.");
        }

        var spec = ReadJson<BundleSpec>(zip, SpecEntry);
        var ml = new MLContext(info.Seed);
        using var model = new MemoryStream();
        await using (var entry = Entry(zip, ModelEntry).Open())
        {
            await entry.CopyToAsync(model, cancellationToken).ConfigureAwait(false);
        }

        model.Position = 0;
        return new ModelBundle(info, spec, ml, ml.Model.Load(model, out _));
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
    public IReadOnlyList<RowPrediction> Predict(IReadOnlyList<JsonObject> rows)
    {
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

        return [.. encoded.Select(Score)];
    }

    private bool _disposed;

    public void Dispose()
    {
        _disposed = true;
        _binary?.Dispose();
        _multiclass?.Dispose();
        _regression?.Dispose();
    }

    private RowPrediction Score(FeatureRow row)
    {
        var labels = Info.Labels;
        if (_binary is not null)
        {
            var p = (double)_binary.Predict(row).Probability;
            var probabilities = new Dictionary<string, double>(StringComparer.Ordinal) { [labels[0]] = 1 - p, [labels[1]] = p };
            return new RowPrediction(Label(p >= Info.Threshold ? labels[1] : labels[0]), probabilities);
        }

        if (_multiclass is not null)
        {
            var scores = _multiclass.Predict(row).Scores;
            var sum = scores.Sum(s => (double)s);
            var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
            var best = 0;
            for (var k = 0; k < labels.Count; k++)
            {
                var score = k < scores.Length ? scores[k] : 0;
                probabilities[labels[k]] = sum > 0 ? score / sum : 1.0 / labels.Count;
                if (score > scores[best])
                {
                    best = k;
                }
            }

            return new RowPrediction(Label(labels[best]), probabilities);
        }

        return new RowPrediction(JsonValue.Create((double)_regression!.Predict(row).Score), null);
    }

    private JsonNode Label(string label) => FieldReader.LabelToJson(_spec.TargetType, label);

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
