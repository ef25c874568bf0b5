// Fits the extraTrees trainer as a search trial builds it (TrainerCatalog.Create) on a CSV whose last column is the
// class, three times, and reports the fit time, the time to score the held-out rows, and their log loss. Every tenth
// row is held out, as peer.py does. Usage: Forest.dll DATA.csv [TREES]
using System.Diagnostics;
using System.Globalization;
using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

var lines = File.ReadAllLines(args[0]).Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v.Trim('"'), CultureInfo.InvariantCulture)).ToArray()).ToList();
var trees = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
var width = lines[0].Length - 1;
var labels = lines.Select(l => l[^1]).Distinct().Order().ToList();
var rows = lines.Select((l, i) => (Row: new Row { Features = [.. l[..^1].Select(v => (float)v)], Label = (uint)labels.IndexOf(l[^1]) }, Test: i % 10 == 0)).ToList();
var train = rows.Where(r => !r.Test).Select(r => r.Row).ToList();
var test = rows.Where(r => r.Test).Select(r => r.Row).ToList();

var definition = SchemaDefinition.Create(typeof(Row));
definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
definition[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), labels.Count);
var settings = new TrialSettings(1, TrainerCatalog.ExtraTrees, new Dictionary<string, double>
{
    ["numberOfTrees"] = trees, ["minimumExampleCountPerLeaf"] = 1, ["featureExponent"] = 0.5,
});

Console.WriteLine($"augur extraTrees: {train.Count} training rows x {width}, {labels.Count} classes, {trees} trees, one thread");
for (var run = 0; run < 3; run++)
{
    var ml = new MLContext(run);
    var data = ml.Data.LoadFromEnumerable(train, definition);
    var watch = Stopwatch.StartNew();
    var model = TrainerCatalog.Create(ml, TaskKind.Multiclass, settings, seed: run).Fit(data);
    var fit = watch.Elapsed.TotalSeconds;
    watch.Restart();
    var scores = ml.Data.CreateEnumerable<Scored>(model.Transform(ml.Data.LoadFromEnumerable(test, definition)), reuseRowObject: false).ToList();
    var score = watch.Elapsed.TotalSeconds;
    var logLoss = -test.Zip(scores, (row, s) => Math.Log(Math.Clamp(s.Score[row.Label], 1e-15, 1))).Average();
    Console.WriteLine($"run {run + 1}: fit {fit:0.00} s, score {test.Count} rows {score:0.00} s, held-out log loss {logLoss:0.000}");
}

#pragma warning disable CA1819 // ML.NET maps vector columns onto array properties.
internal sealed class Row
{
    public float[] Features { get; set; } = [];

    /// <summary>The class's 0-based index: ML.NET reads it as the key of that index, as Augur's FeatureRow.Class.</summary>
    public uint Label { get; set; }
}

internal sealed class Scored
{
    public float[] Score { get; set; } = [];
}
#pragma warning restore CA1819
