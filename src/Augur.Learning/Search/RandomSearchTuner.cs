namespace Augur.Learning.Search;

/// <summary>
/// A seeded random and local search. Trial 1 is the first trainer's defaults, then every other trainer's defaults;
/// after that, half the proposals perturb the best configuration so far and half sample the space uniformly.
/// The replacement for this class is a CFO/TPE tuner behind the same <see cref="ITuner"/> seam.
/// </summary>
public sealed class RandomSearchTuner : ITuner
{
    private const double LocalStep = 0.15;

    private readonly IReadOnlyList<TrainerSpace> _spaces;
    private readonly Random _random;
    private TrialObservation? _best;

    public RandomSearchTuner(IReadOnlyList<TrainerSpace> spaces, int seed)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        ArgumentOutOfRangeException.ThrowIfZero(spaces.Count);
        _spaces = spaces;
        _random = new Random(seed);
    }

    public TrialSettings Propose(int trialNumber)
    {
        if (trialNumber <= _spaces.Count)
        {
            var space = _spaces[trialNumber - 1];
            return new TrialSettings(trialNumber, space.Trainer, space.Defaults());
        }

        // Draw both numbers every time so that the random sequence does not depend on which branch ran.
        var exploit = _random.NextDouble() < 0.5;
        var pick = _random.Next(_spaces.Count);
        if (exploit && _best is not null)
        {
            var space = _spaces.First(s => s.Trainer == _best.Settings.Trainer);
            var parameters = space.Parameters.ToDictionary(
                p => p.Name,
                p => p.FromUnit(p.ToUnit(_best.Settings.Parameters.GetValueOrDefault(p.Name, p.Default)) + (Gaussian() * LocalStep)),
                StringComparer.Ordinal);
            return new TrialSettings(trialNumber, space.Trainer, parameters);
        }

        var sampled = _spaces[pick];
        return new TrialSettings(
            trialNumber,
            sampled.Trainer,
            sampled.Parameters.ToDictionary(p => p.Name, p => p.FromUnit(_random.NextDouble()), StringComparer.Ordinal));
    }

    public void Update(TrialObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (double.IsFinite(observation.Loss) && (_best is null || observation.Loss < _best.Loss))
        {
            _best = observation;
        }
    }

    private double Gaussian()
    {
        // Box-Muller.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
