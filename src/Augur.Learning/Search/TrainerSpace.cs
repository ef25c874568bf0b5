namespace Augur.Learning.Search;

/// <summary>A trainer and the hyperparameters searched for it: a declarative search space, as in AutoML's CodeGen/*_search_space.json.</summary>
public sealed record TrainerSpace(string Trainer, IReadOnlyList<ParameterRange> Parameters)
{
    /// <summary>
    /// Settings known to do well on many datasets, tried right after every trainer's defaults (a portfolio, as FLAML's
    /// and AutoGluon's presets): a local search that starts from the cheap defaults reaches slow, subsampled boosted
    /// trees only after many steps, if ever. A parameter a start leaves out takes its default.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Starts { get; init; } = [];

    public IReadOnlyDictionary<string, double> Defaults() => Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);

    /// <summary>The settings of the start points: the defaults, then each of <see cref="Starts"/> completed with them.</summary>
    public IEnumerable<IReadOnlyDictionary<string, double>> StartSettings() =>
        Starts.Select(start => (IReadOnlyDictionary<string, double>)Parameters.ToDictionary(
            p => p.Name, p => start.GetValueOrDefault(p.Name, p.Default), StringComparer.Ordinal)).Prepend(Defaults());

    /// <summary>Maps a point of the unit hypercube (one coordinate per parameter, in order) onto parameter values.</summary>
    public IReadOnlyDictionary<string, double> FromUnit(IReadOnlyList<double> point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return Parameters.Select((p, i) => (p.Name, Value: p.FromUnit(point[i]))).ToDictionary(x => x.Name, x => x.Value, StringComparer.Ordinal);
    }

    /// <summary>The inverse of <see cref="FromUnit(IReadOnlyList{double})"/>; a missing parameter takes its default.</summary>
    public double[] ToUnit(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return [.. Parameters.Select(p => p.ToUnit(values.GetValueOrDefault(p.Name, p.Default)))];
    }
}
