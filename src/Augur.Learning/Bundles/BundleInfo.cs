using Augur.Data.Schema;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Bundles;

/// <summary>The metadata stored in a bundle: what it predicts, from which inputs, and how well.</summary>
public sealed record BundleInfo(
    string FormatVersion,
    TaskKind Task,
    string Target,
    string Trainer,
    IReadOnlyList<ColumnSchema> Inputs,
    IReadOnlyList<string> Labels,
    string Metric,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset CreatedAt,
    int Seed)
{
    /// <summary>Binary tasks: the positive label is predicted when its probability is at least this (tuned in training).</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>
    /// When the bundle holds more than one model, its models in the order stored (model.zip, model-1.zip, ...);
    /// predictions are their weighted average. An ensemble of trials, and/or a trial served as the average of its
    /// cross-validation models (one entry per fold, see <see cref="EnsembleMember.Fold"/>). Empty for a single model.
    /// </summary>
    public IReadOnlyList<EnsembleMember> Ensemble { get; init; } = [];

    /// <summary>
    /// Multiclass tasks: the temperature that calibrates the (averaged) class probabilities, fitted on the out-of-fold
    /// predictions in training; 1 leaves them as the models give them (and is what older bundles, without it, read as).
    /// </summary>
    public double Temperature { get; init; } = 1;

    /// <summary>
    /// Multiclass tasks: the weight of <see cref="ClassPrior"/> mixed into the (averaged) class probabilities before the
    /// temperature (see <see cref="Calibration"/>); 0, and in older bundles, mixes nothing in.
    /// </summary>
    public double PriorWeight { get; init; }

    /// <summary>Multiclass tasks: the class frequencies of the training rows, in the order of <see cref="Labels"/>; empty in older bundles.</summary>
    public IReadOnlyList<double> ClassPrior { get; init; } = [];

    /// <summary>
    /// Multiclass tasks: the calibration of the (averaged) probabilities when training found that a temperature was not
    /// enough, in place of <see cref="Temperature"/> and <see cref="PriorWeight"/> (then 1 and 0). Every model, even a
    /// single one, is then listed in <see cref="Ensemble"/> with its own calibration, applied before. Null (and in older
    /// bundles): the temperature and the mix calibrate.
    /// </summary>
    public MatrixScaling? MatrixScaling { get; init; }

    /// <summary><see cref="Temperature"/> and <see cref="PriorWeight"/> together, as they are applied.</summary>
    internal Calibration Calibration => new(Temperature, PriorWeight);
}
