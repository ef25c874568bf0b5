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
    /// Below this many rows, <c>auto</c> leaves halving off. The 1/9 rung then still fits on about 1,800 rows (of a
    /// 16,000-row training part), enough to rank configurations, and a trial's fit is long enough that saving 8/9 of
    /// it outweighs what every trial pays anyway (building the pipeline, scoring the validation rows). On smaller
    /// data a 1/9 sample ranks configurations mostly by noise and trials are cheap already.
    /// </summary>
    public const int AutoMinimumRows = 20_000;

    /// <summary>Rungs of 1/9, 1/3 and all the rows, promoting the best third.</summary>
    public static SuccessiveHalving Default { get; } = new([1.0 / 9, 1.0 / 3, 1.0], 3);

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
