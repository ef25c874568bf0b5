using System.Globalization;

namespace Augur.Learning.Search;

/// <summary>What one trial runs: a trainer from the search space and values for its hyperparameters.</summary>
public sealed record TrialSettings(int Number, string Trainer, IReadOnlyDictionary<string, double> Parameters)
{
    /// <summary>
    /// The share of the training rows the trial fits on (its fidelity): 1 is all of them; successive halving
    /// (<see cref="SuccessiveHalving"/>) screens new configurations on less. Validation rows are always all of them.
    /// </summary>
    public double DataFraction { get; init; } = 1;

    /// <summary>Whether the trial fits on all the training rows, so that its result competes for best and ensemble.</summary>
    public bool IsFullData => DataFraction >= 1;

    /// <summary>
    /// For a trial that runs a configuration again on a larger share of the rows (a study's successive halving, see
    /// <see cref="AsyncHalving"/>), the number of the trial that first screened it; null for a new configuration.
    /// </summary>
    public int? FirstTrial { get; init; }

    /// <summary>Which configuration the trial runs: the number of the trial that first ran these settings.</summary>
    public int Configuration => FirstTrial ?? Number;

    /// <summary>The parameters as the leaderboard shows them (<see cref="Format"/>).</summary>
    public IReadOnlyDictionary<string, string> ParameterText() =>
        Parameters.ToDictionary(p => p.Key, p => Format(p.Value), StringComparer.Ordinal);

    /// <summary>A parameter value as the leaderboard shows it, to six significant digits: settings that read the same are the same trial.</summary>
    public static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
