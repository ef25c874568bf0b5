using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>
/// The bookkeeping of successive halving, one bracket at a time: the first rung takes new configurations until it is
/// full; then its best <c>1/Eta</c> are promoted, one trial each, to the next rung, and so on up to all rows.
/// Everything is decided from results in trial order, so a sequential seeded search stays reproducible.
/// </summary>
/// <remarks>
/// <para>
/// What the tuner learns (<see cref="Record"/>): each configuration once, when its bracket ends, with a
/// <em>rung-normalised</em> loss. The configuration that reached all rows reports its full-data loss. One stopped at
/// rung <c>k</c> reports its rung-<c>k</c> loss shifted by how much the bracket's winner changed between rung
/// <c>k</c> and all rows. A stopped configuration was beaten at rung <c>k</c> by the winner, so its normalised loss is never better than the winner's, the order inside each rung is kept, and every loss the tuner
/// compares is on the full-data scale. Raw subsample losses are not mixed in as they are: small samples favour
/// strongly regularised models and are worse across the board, so a 1/9 loss next to a full-data one would mislead
/// the local search.
/// </para>
/// </remarks>
internal sealed class HalvingLadder
{
    private readonly SuccessiveHalving _schedule;
    private readonly List<Config> _bracket = [];
    private readonly Queue<Config> _promotions = new();
    private readonly int[] _expected;

    public HalvingLadder(SuccessiveHalving schedule)
    {
        schedule.Validate();
        _schedule = schedule;
        _expected = new int[schedule.Fractions.Count];
        StartBracket();
    }

    /// <summary>The next configuration to run again on a larger share of rows, and its rung; null when a new one should be screened.</summary>
    public (TrialSettings Proposal, int Rung)? NextPromotion()
    {
        if (_promotions.Count == 0)
        {
            return null;
        }

        var config = _promotions.Dequeue();
        return (config.Proposal, config.Losses.Count);
    }

    /// <summary>Records a finished trial; returns what the tuner should now be told (empty until a bracket ends).</summary>
    public IReadOnlyList<TrialObservation> Record(TrialSettings proposal, int rung, TrialStatus status, double loss)
    {
        var config = rung == 0 ? new Config(proposal) : _bracket.First(c => c.Proposal.Number == proposal.Number && c.Losses.Count == rung);
        if (rung == 0)
        {
            _bracket.Add(config);
        }

        config.Losses.Add(status == TrialStatus.Succeeded ? loss : double.PositiveInfinity);
        var atRung = _bracket.Where(c => c.Losses.Count > rung).ToList();
        if (atRung.Count < _expected[rung])
        {
            return [];
        }

        if (rung == _schedule.Fractions.Count - 1)
        {
            return EndBracket();
        }

        // The rung is complete: promote its best (finite) third, best first, ties to the earlier configuration.
        var promoted = atRung
            .Select((c, order) => (c, order))
            .Where(x => double.IsFinite(x.c.Losses[rung]))
            .OrderBy(x => x.c.Losses[rung])
            .ThenBy(x => x.order)
            .Take(_schedule.RungSize(rung + 1))
            .Select(x => x.c)
            .ToList();
        if (promoted.Count == 0)
        {
            return EndBracket();
        }

        _expected[rung + 1] = promoted.Count;
        foreach (var c in promoted)
        {
            _promotions.Enqueue(c);
        }

        return [];
    }

    private List<TrialObservation> EndBracket()
    {
        var last = _schedule.Fractions.Count - 1;
        var winner = _bracket.FirstOrDefault(c => c.Losses.Count == last + 1 && double.IsFinite(c.Losses[last]));
        var observations = _bracket.Select(c =>
        {
            var top = c.Losses.Count - 1;
            var loss = c.Losses[top];
            if (top < last)
            {
                // Shifted onto the full-data scale by the winner's own change from this rung to all rows.
                loss = winner is not null && double.IsFinite(loss) ? loss + (winner.Losses[last] - winner.Losses[top]) : double.PositiveInfinity;
            }

            return new TrialObservation(c.Proposal, double.IsFinite(loss) ? TrialStatus.Succeeded : TrialStatus.Failed, loss);
        }).ToList();
        StartBracket();
        return observations;
    }

    private void StartBracket()
    {
        _bracket.Clear();
        _promotions.Clear();
        Array.Clear(_expected);
        _expected[0] = _schedule.RungSize(0);
    }

    /// <summary>A configuration of the bracket (as the tuner proposed it) and its loss on each rung it ran.</summary>
    private sealed class Config(TrialSettings proposal)
    {
        public TrialSettings Proposal { get; } = proposal;

        public List<double> Losses { get; } = [];
    }
}
