namespace Augur.Learning.Search;

/// <summary>
/// A cost-frugal local search in the manner of FLAML's CFO/FLOW2, one local search per trainer.
/// </summary>
/// <remarks>
/// <para>
/// Trials 1..k are the k trainers' defaults (trial 1 is the default trainer), then come the spaces'
/// <see cref="TrainerSpace.Starts"/> (settings known to do well), in the order of the spaces. After that, each proposal picks a
/// trainer (the best so far most of the time; the others by rank) and moves in that trainer's unit hypercube:
/// from its incumbent, a step along a random direction; if that is not better, the opposite step; after
/// <c>2^(d-1)</c> unsuccessful pairs the step halves, and below <see cref="MinimumStep"/> the search restarts from a
/// random point (keeping the best found).
/// </para>
/// <para>
/// The state is a pure function of the observations: <see cref="Update"/> is the only thing that changes it, and
/// <see cref="Propose"/> draws its random numbers from a generator seeded by (seed, trial number). So a fresh tuner
/// that is told the same observations in the same order proposes exactly what the original would have: the
/// platform can rebuild it from its trials table on any worker.
/// </para>
/// <para>
/// No configuration is proposed twice. Trials run several at a time (a bracket of successive halving screens nine
/// before any is learnt from, and a study's workers run side by side), so the owed mirror is handed out once and the
/// other proposals step in other directions; a step that rounds (or is clamped at the edge of the space) onto
/// settings already run or running is drawn again. Before, one owed mirror could fill a whole halving bracket, and on
/// adult 72 % of a 10-minute search's trials repeated settings already measured (docs/benchmarks.md). Proposing counts
/// a trial as running until <see cref="Update"/> reports it; a rebuilt tuner is told the running ones through
/// <see cref="Pending"/>. A sequential search, where every proposal is learnt from before the next, proposes exactly
/// what it did before, unless a step lands on settings already run.
/// </para>
/// </remarks>
public sealed class CostFrugalTuner : ITuner
{
    /// <summary>Below this step (in unit-cube distance) a trainer's local search restarts from a random point.</summary>
    public const double MinimumStep = 0.02;

    /// <summary>Share of proposals (after the defaults) that go to the best trainer so far.</summary>
    public const double Exploitation = 0.7;

    private const int MaximumPatience = 8;

    /// <summary>How many directions a proposal tries before it restarts from a random point instead.</summary>
    private const int MaximumRedraws = 20;

    private readonly IReadOnlyList<TrainerSpace> _spaces;
    private readonly int _seed;
    private readonly Dictionary<string, LocalSearch> _searches;
    private readonly IReadOnlyList<(TrainerSpace Space, IReadOnlyDictionary<string, double> Settings)> _starts;

    public CostFrugalTuner(IReadOnlyList<TrainerSpace> spaces, int seed)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        ArgumentOutOfRangeException.ThrowIfZero(spaces.Count);
        _spaces = spaces;
        _seed = seed;
        _searches = spaces.ToDictionary(s => s.Trainer, s => new LocalSearch(s), StringComparer.Ordinal);
        _starts =
        [
            .. spaces.Select(s => (s, s.Defaults())),
            .. spaces.SelectMany(s => s.StartSettings().Skip(1).Select(settings => (s, settings))),
        ];
    }

    public TrialSettings Propose(int trialNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trialNumber, 1);
        var random = new Random(unchecked((_seed * 7919) + trialNumber));
        if (trialNumber <= _starts.Count)
        {
            var (space, settings) = _starts[trialNumber - 1];
            _searches[space.Trainer].Start(space.ToUnit(settings));
            return new TrialSettings(trialNumber, space.Trainer, settings);
        }

        var search = _searches[PickTrainer(random)];
        var point = search.Next(random);
        search.Start(point);
        return new TrialSettings(trialNumber, search.Space.Trainer, search.Space.FromUnit(point));
    }

    public void Update(TrialObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (_searches.TryGetValue(observation.Settings.Trainer, out var search))
        {
            search.Observe(search.Space.ToUnit(observation.Settings.Parameters), observation.Loss);
        }
    }

    public void Pending(TrialSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_searches.TryGetValue(settings.Trainer, out var search))
        {
            search.Start(search.Space.ToUnit(settings.Parameters));
        }
    }

    /// <summary>The best trainer so far with probability <see cref="Exploitation"/>; otherwise another, weighted 1/rank².</summary>
    private string PickTrainer(Random random)
    {
        var ranked = _spaces
            .Select((s, order) => (s.Trainer, Loss: _searches[s.Trainer].BestLoss, order))
            .OrderBy(t => t.Loss)
            .ThenBy(t => t.order)
            .Select(t => t.Trainer)
            .ToList();
        var draw = random.NextDouble();
        if (ranked.Count == 1 || draw < Exploitation)
        {
            return ranked[0];
        }

        var weights = ranked.Skip(1).Select((t, i) => double.IsFinite(_searches[t].BestLoss) ? 1.0 / ((i + 2) * (i + 2)) : 0.01).ToList();
        var target = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
        {
            target -= weights[i];
            if (target <= 0)
            {
                return ranked[i + 1];
            }
        }

        return ranked[^1];
    }

    /// <summary>FLOW2 for one trainer: incumbent, step, the mirrored probe owed, and the count of failed pairs.</summary>
    private sealed class LocalSearch(TrainerSpace space)
    {
        /// <summary>
        /// The settings of every point proposed, running or observed. An owed mirror found here has been handed out and
        /// has not come back: when it comes back it settles its pair and is no longer owed.
        /// </summary>
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        /// <summary>The keys of the space's start points: each is a candidate incumbent, never a probe to mirror.</summary>
        private HashSet<string>? _startKeys;
        private double[]? _incumbent;
        private double _incumbentLoss = double.PositiveInfinity;
        private double[]? _mirror;
        private bool _restart;
        private int _failures;
        private double _step = InitialStep(space.Parameters.Count);

        public TrainerSpace Space { get; } = space;

        private HashSet<string> StartKeys => _startKeys ??= new(Space.StartSettings().Select(s => Key(Space.ToUnit(s))), StringComparer.Ordinal);

        public double BestLoss { get; private set; } = double.PositiveInfinity;

        private int Dimensions => Space.Parameters.Count;

        private int Patience => Math.Min(MaximumPatience, 1 << Math.Max(0, Dimensions - 1));

        public double[] Next(Random random)
        {
            // Draw the direction every time, so that the random stream never depends on the branch.
            var direction = Direction(random);
            var restartPoint = Enumerable.Range(0, Dimensions).Select(_ => random.NextDouble()).ToArray();
            if (_mirror is not null && !_seen.Contains(Key(_mirror)))
            {
                return _mirror;
            }

            if (_restart || _incumbent is null || !double.IsFinite(_incumbentLoss) || Dimensions == 0)
            {
                return restartPoint;
            }

            var probe = Step(direction);
            for (var redraw = 0; _seen.Contains(Key(probe)); redraw++)
            {
                // Settings already run or running: another direction, and after enough of them, another start.
                if (redraw == MaximumRedraws)
                {
                    return restartPoint;
                }

                probe = Step(Direction(random));
            }

            return probe;
        }

        /// <summary>A trial of this point was proposed (or, on a rebuilt tuner, is still running).</summary>
        public void Start(double[] point) => _seen.Add(Key(point));

        public void Observe(double[] point, double loss)
        {
            _seen.Add(Key(point));
            if (!_restart && StartKeys.Contains(Key(point)))
            {
                // A start point: the incumbent if it is the first seen or better, and in either case not a failed probe
                // (its mirror through the incumbent would be a jump across the space, not a local step).
                BestLoss = Math.Min(BestLoss, loss);
                if (_incumbent is null || loss < _incumbentLoss)
                {
                    _incumbent = point;
                    _incumbentLoss = loss;
                    _mirror = null;
                    _failures = 0;
                }

                return;
            }

            if (_incumbent is null || _restart)
            {
                // The first point of a (re)start is the new incumbent whatever its loss.
                _incumbent = point;
                _incumbentLoss = loss;
                _restart = false;
                _mirror = null;
                _failures = 0;
                _step = InitialStep(Dimensions);
                BestLoss = Math.Min(BestLoss, loss);
                return;
            }

            BestLoss = Math.Min(BestLoss, loss);
            if (loss < _incumbentLoss)
            {
                _incumbent = point;
                _incumbentLoss = loss;
                _mirror = null;
                _failures = 0;
                return;
            }

            if (_mirror is not null && SamePoint(point, _mirror))
            {
                BothFailed();
                return;
            }

            if (_mirror is not null && _seen.Contains(Key(_mirror)))
            {
                // The owed mirror is running: it settles this pair when it comes back.
                return;
            }

            // A probe failed: the next proposal for this trainer is its mirror image through the incumbent.
            // Rounded through the parameter ranges, so that it is recognised when it comes back as an observation.
            var mirror = Space.ToUnit(Space.FromUnit([.. _incumbent.Select((x, i) => Math.Clamp((2 * x) - point[i], 0, 1))]));
            if (_seen.Contains(Key(mirror)))
            {
                // The mirror was measured already (or is the incumbent itself, at the edge of the space), and it is
                // not the incumbent's better: this pair failed too.
                BothFailed();
                return;
            }

            _mirror = mirror;
        }

        private void BothFailed()
        {
            _mirror = null;
            _failures++;
            if (_failures >= Patience)
            {
                _failures = 0;
                _step /= 2;
                _restart = _step < MinimumStep;
            }
        }

        private double[] Step(double[] direction) => [.. _incumbent!.Select((x, i) => Math.Clamp(x + (_step * direction[i]), 0, 1))];

        /// <summary>The settings a point rounds to, as the leaderboard shows them: points with the same key are the same trial.</summary>
        private string Key(double[] point) => string.Join('|', Space.Parameters.Select((p, i) => TrialSettings.Format(p.FromUnit(point[i]))));

        private static double InitialStep(int dimensions) => 0.1 * Math.Sqrt(Math.Max(1, dimensions));

        private static bool SamePoint(double[] a, double[] b) => a.Length == b.Length && a.Zip(b).All(p => Math.Abs(p.First - p.Second) < 1e-9);

        private double[] Direction(Random random)
        {
            var gaussian = Enumerable.Range(0, Dimensions).Select(_ => Gaussian(random)).ToArray();
            var norm = Math.Sqrt(gaussian.Sum(g => g * g));
            return norm > 0 ? [.. gaussian.Select(g => g / norm)] : gaussian;
        }

        private static double Gaussian(Random random)
        {
            // Box-Muller.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
    }
}
