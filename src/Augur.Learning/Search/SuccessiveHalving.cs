using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>
/// Successive halving on data size: new configurations are screened on a small share of the training rows, and
/// only the best <c>1/Eta</c> of each rung is promoted to the next, larger share, up to all rows. With the default
/// rungs (1/9, 1/3, all) and <c>Eta</c> = 3, a bracket screens 9 configurations for the cost of about 3 full trials.
/// </summary>
/// <param name="Fractions">The rungs' shares of the training rows, increasing, the last one 1.</param>
/// <param name="Eta">How many configurations of a rung compete for each place on the next.</param>
public sealed record SuccessiveHalving(IReadOnlyList<double> Fractions, int Eta)
{
    /// <summary>
    /// Below this many rows, <c>auto</c> leaves halving off. On adult and bank-marketing (45,000–49,000 rows) the 1/9
    /// screen (about 4,000 rows) ranked configurations no better than chance among those that went on to all rows
    /// (rank correlation −0.56 to +0.16 over four folds), favouring settings that suit small samples; once the tuner
    /// stopped proposing repeats, halving there scored 0.0015 AUC below running every trial on all rows
    /// (docs/benchmarks.md, session 14). From 100,000 rows a 1/9 sample still holds 9,000 training rows, and a
    /// trial on all rows is long enough that screening pays.
    /// </summary>
    public const int AutoMinimumRows = 100_000;

    /// <summary>Rungs of 1/9, 1/3 and all the rows, promoting the best third.</summary>
    public static SuccessiveHalving Default { get; } = new([1.0 / 9, 1.0 / 3, 1.0], 3);

    /// <summary>The schedule a run with <paramref name="rows"/> training rows uses: the default rungs, or null for none.</summary>
    public static SuccessiveHalving? For(HalvingMode mode, int rows) =>
        mode == HalvingMode.On || (mode == HalvingMode.Auto && rows >= AutoMinimumRows) ? Default : null;

    /// <summary>How many configurations a bracket starts on rung <paramref name="rung"/>: <c>Eta^(rungs - 1 - rung)</c>.</summary>
    public int RungSize(int rung) => (int)Math.Pow(Eta, Fractions.Count - 1 - rung);

    /// <summary>Throws when the rungs are not increasing shares ending at 1, or <see cref="Eta"/> is below 2.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Eta, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(Fractions.Count, 2);
        if (Math.Abs(Fractions[^1] - 1) > 1e-12 || Fractions.Any(f => f <= 0) || Fractions.Zip(Fractions.Skip(1)).Any(p => p.First >= p.Second))
        {
            throw new ArgumentException("The rungs must be increasing shares of the rows, ending at 1.", nameof(Fractions));
        }
    }
}
