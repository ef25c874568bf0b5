using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>
/// Successive halving for a study, whose trials run on many workers at once: asynchronous successive halving (ASHA,
/// Li et al., 2020). There are no brackets to wait for. When a worker asks for work, a configuration in the best
/// <c>1/Eta</c> of the trials finished on its rung, and not run on the next rung yet, goes on to the next, larger share
/// of the rows (the highest rung first); otherwise a new configuration is screened on the smallest share.
/// </summary>
/// <remarks>
/// Everything is decided from the stored trials alone, so every worker that reads the same trials decides the same, as
/// the tuner's replay does (<see cref="StudyTrainer.Propose"/>). A trial that runs a configuration again says which
/// one in <see cref="TrialSettings.FirstTrial"/>.
/// </remarks>
public sealed class AsyncHalving
{
    private readonly SuccessiveHalving _schedule;

    public AsyncHalving(SuccessiveHalving schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        schedule.Validate();
        _schedule = schedule;
    }

    private int Top => _schedule.Fractions.Count - 1;

    /// <summary>The rung a trial ran on: the share of the schedule nearest to its <see cref="TrialSettings.DataFraction"/>.</summary>
    public int RungOf(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var fractions = _schedule.Fractions;
        return Enumerable.Range(0, fractions.Count).MinBy(r => Math.Abs(fractions[r] - settings.DataFraction));
    }

    /// <summary>
    /// Trial <paramref name="number"/> if it should run a configuration again on a larger share of the rows; null when a
    /// new configuration should be screened instead.
    /// </summary>
    public TrialSettings? Promotion(IReadOnlyList<TrialObservation> finished, IReadOnlyList<TrialSettings> running, int number)
    {
        ArgumentNullException.ThrowIfNull(finished);
        ArgumentNullException.ThrowIfNull(running);
        // Which rungs each configuration has reached, finished or still running: a configuration goes up each rung once.
        var reached = finished.Select(o => o.Settings).Concat(running)
            .GroupBy(s => s.Configuration)
            .ToDictionary(g => g.Key, g => g.Select(RungOf).ToHashSet());
        for (var rung = Top - 1; rung >= 0; rung--)
        {
            var onRung = finished.Where(o => RungOf(o.Settings) == rung).ToList();
            // Failed trials count in the rung's size: they take part, and lose.
            var places = onRung.Count / _schedule.Eta;
            var promoted = onRung
                .Where(o => o.Status == TrialStatus.Succeeded && double.IsFinite(o.Loss))
                .OrderBy(o => o.Loss)
                .ThenBy(o => o.Settings.Number)
                .Take(places)
                .FirstOrDefault(o => !reached[o.Settings.Configuration].Contains(rung + 1));
            if (promoted is not null)
            {
                return promoted.Settings with { Number = number, DataFraction = _schedule.Fractions[rung + 1], FirstTrial = promoted.Settings.Configuration };
            }
        }

        return null;
    }

    /// <summary>How many configurations the study has started: a new one is the tuner's proposal number this plus one.</summary>
    public static int Configurations(IReadOnlyList<TrialObservation> finished, IReadOnlyList<TrialSettings> running)
    {
        ArgumentNullException.ThrowIfNull(finished);
        ArgumentNullException.ThrowIfNull(running);
        return finished.Select(o => o.Settings).Concat(running).Select(s => s.Configuration).Distinct().Count();
    }

    /// <summary>
    /// What the tuner learns: each configuration once, with the settings it was screened with and the loss of the highest
    /// rung it finished, moved onto the scale of all rows.
    /// </summary>
    /// <remarks>
    /// A loss on a share of the rows is moved by how much the loss changed, in the median, for the configurations that
    /// finished both that rung and the next, summed up to all rows (no change where none did yet). Small samples favour
    /// strongly regularised models and are worse across the board, so a raw 1/9 loss next to a full-data one would
    /// mislead the local search (the same reason as <c>HalvingLadder</c>'s, which can use its bracket's winner instead).
    /// </remarks>
    public IReadOnlyList<TrialObservation> ForTuner(IReadOnlyList<TrialObservation> finished)
    {
        ArgumentNullException.ThrowIfNull(finished);
        var configurations = finished.GroupBy(o => o.Settings.Configuration).OrderBy(g => g.Key).ToList();
        var shifts = new double[Top + 1];
        for (var rung = Top - 1; rung >= 0; rung--)
        {
            var changes = configurations
                .Select(g => (Low: LossOn(g, rung), High: LossOn(g, rung + 1)))
                .Where(p => double.IsFinite(p.Low) && double.IsFinite(p.High))
                .Select(p => p.High - p.Low)
                .Order()
                .ToList();
            shifts[rung] = shifts[rung + 1] + (changes.Count == 0 ? 0 : Median(changes));
        }

        return [.. configurations.Select(g =>
        {
            var first = g.MinBy(o => o.Settings.Number)!.Settings;
            var highest = g.MaxBy(o => (RungOf(o.Settings), o.Settings.Number))!;
            var loss = highest.Status == TrialStatus.Succeeded && double.IsFinite(highest.Loss)
                ? highest.Loss + shifts[RungOf(highest.Settings)]
                : double.PositiveInfinity;
            return new TrialObservation(first, highest.Status, loss);
        })];
    }

    private double LossOn(IEnumerable<TrialObservation> configuration, int rung) =>
        configuration.FirstOrDefault(o => RungOf(o.Settings) == rung && o.Status == TrialStatus.Succeeded)?.Loss ?? double.NaN;

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}
