using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>
/// The search loop: ask the tuner, run the trial, record the result, tell the tuner, report progress, until a limit
/// is reached. Trials run one at a time, so a seeded tuner with a trial cap reproduces its leaderboard.
/// </summary>
public sealed class TrialSearch
{
    /// <summary>How many of the best trials are kept in <see cref="SearchResult.Candidates"/>.</summary>
    public const int CandidateCount = 10;

    /// <summary>
    /// How many of each trainer's best trials are candidates as well, when they are not among the best overall. A long
    /// search spends most of its trials near its best trainer's best settings, and then the best ten were ten close
    /// variants of one model, with nothing different for an ensemble to average.
    /// </summary>
    public const int CandidatesPerTrainer = 2;

    private readonly ITuner _tuner;
    private readonly ITrialRunner _runner;
    private readonly TimeProvider _clock;

    public TrialSearch(ITuner tuner, ITrialRunner runner, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(tuner);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(clock);
        _tuner = tuner;
        _runner = runner;
        _clock = clock;
    }

    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>
    /// With <see cref="SearchLimits.Halving"/>, new configurations are screened on subsamples and the best are promoted
    /// (see <see cref="HalvingLadder"/>); only trials on all rows compete for best and candidates. If the search ends
    /// before any configuration reached all rows, the best screened one is run once on all rows, so there is a model.
    /// </remarks>
    public async Task<SearchResult> RunAsync(SearchLimits limits, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var started = _clock.GetTimestamp();
        var ladder = limits.Halving is null ? null : new HalvingLadder(limits.Halving);
        var trials = new List<Entry>();
        Entry? best = null;
        var proposals = 0;
        var progressCounter = new ProgressCounter(limits.MinimumImprovement);
        var stoppedEarly = false;

        for (var number = 1; limits.MaxTrials is not { } max || number <= max; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The deadline moves with the reserve, which depends on the best trials so far; it is fixed while a trial runs.
            var left = limits.Budget - Reserve(limits, trials) - _clock.GetElapsedTime(started);
            if (left < limits.MinimumTrialTime)
            {
                break;
            }

            TrialSettings proposal;
            TrialSettings settings;
            var rung = 0;
            if (ladder is null)
            {
                proposal = settings = _tuner.Propose(number);
            }
            else if (ladder.NextPromotion() is { } promotion)
            {
                (proposal, rung) = promotion;
                settings = proposal with { Number = number, DataFraction = limits.Halving!.Fractions[rung] };
            }
            else
            {
                proposal = _tuner.Propose(++proposals);
                settings = proposal with { Number = number, DataFraction = limits.Halving!.Fractions[0] };
            }

            // Until one trial has succeeded (one on all rows, for a trial on all rows) the budget does not cut a trial
            // short: a model late beats no model.
            var uncut = trials.All(t => t.Result.Status != TrialStatus.Succeeded) || (settings.IsFullData && best is null);
            // The deadline timer runs on the injected clock, so tests can move time forward without sleeping.
            using var deadline = new CancellationTokenSource(left, _clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var entry = await RunTrialAsync(settings, linked, uncut ? cancellationToken : linked.Token, cancellationToken).ConfigureAwait(false);
            trials.Add(entry);
            ForgetModelsOutsideCandidates(trials);
            if (entry.Run is not null && settings.IsFullData && (best is null || entry.Loss < best.Loss))
            {
                best = entry;
            }

            if (settings.IsFullData && entry.Result.Status != TrialStatus.Cancelled)
            {
                progressCounter.Record(entry.Loss);
            }

            var observations = ladder is null
                ? [new TrialObservation(settings, entry.Result.Status, entry.Loss)]
                : ladder.Record(proposal, rung, entry.Result.Status, entry.Loss);
            foreach (var observation in observations)
            {
                _tuner.Update(observation);
            }

            Report(progress, new TrainingProgress(trials.Count, _clock.GetElapsedTime(started), limits.Budget, entry.Result, best?.Result));
            if (entry.Result.Status == TrialStatus.Cancelled)
            {
                break;
            }

            if (limits.Patience is { } patience && best is not null && progressCounter.TrialsWithoutProgress >= patience)
            {
                // "Stopped early" only when the cap or the budget would have let another trial start.
                stoppedEarly = number != limits.MaxTrials
                    && limits.Budget - Reserve(limits, trials) - _clock.GetElapsedTime(started) >= limits.MinimumTrialTime;
                break;
            }
        }

        if (ladder is not null && best is null && trials.Where(t => t.Run is not null).MinBy(t => (-t.Settings.DataFraction, t.Loss)) is { } screened)
        {
            // Out of budget or trials before any configuration reached all rows: confirm the best screened one.
            var settings = screened.Settings with { Number = trials.Count + 1, DataFraction = 1 };
            using var uncut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var entry = await RunTrialAsync(settings, uncut, cancellationToken, cancellationToken).ConfigureAwait(false);
            trials.Add(entry);
            best = entry.Run is null ? null : entry;
            Report(progress, new TrainingProgress(trials.Count, _clock.GetElapsedTime(started), limits.Budget, entry.Result, best?.Result));
        }

        // Trials on all rows first (by loss), then screening trials (largest share first, by loss), then the others.
        var leaderboard = trials
            .OrderBy(t => t.Result.Status == TrialStatus.Succeeded ? 0 : 1)
            .ThenByDescending(t => t.Result.Status == TrialStatus.Succeeded ? t.Settings.DataFraction : 0)
            .ThenBy(t => t.Result.Status == TrialStatus.Succeeded ? t.Loss : 0)
            .ThenBy(t => t.Result.Number)
            .Select(t => t.Result)
            .ToList();
        var candidates = Best(trials).Select(t => new ScoredTrial(t.Settings, t.Run!, t.Loss)).ToList();
        return new SearchResult(leaderboard, best?.Result, best?.Settings, best?.Run, _clock.GetElapsedTime(started))
        {
            Candidates = candidates,
            StoppedEarly = stoppedEarly,
        };
    }

    /// <summary>What <see cref="SearchLimits.Reserve"/> keeps back now, from the durations of the best trials so far.</summary>
    private static TimeSpan Reserve(SearchLimits limits, List<Entry> trials) =>
        limits.Reserve is { } reserve ? reserve([.. Best(trials).Select(t => t.Result.Duration)]) : TimeSpan.Zero;

    /// <summary>Runs one trial; a failure or a budget cut is a result, only <paramref name="cancellationToken"/> throws.</summary>
    private async Task<Entry> RunTrialAsync(TrialSettings settings, CancellationTokenSource linked, CancellationToken token, CancellationToken cancellationToken)
    {
        var trialStarted = _clock.GetTimestamp();
        var startedAt = _clock.GetUtcNow();
        var resources = TrialResources.Start();
        TrialRun? run = null;
        TrialStatus status;
        string? reason = null;
        try
        {
            // WaitAsync: a runner that does not notice the token (a native fit, a lost worker) is abandoned, not awaited.
            run = await _runner.RunAsync(settings, token).WaitAsync(token).ConfigureAwait(false);
            status = TrialStatus.Succeeded;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && linked.IsCancellationRequested)
        {
            // ML.NET may wrap its cancellation; what matters is which token fired.
            cancellationToken.ThrowIfCancellationRequested();
            status = TrialStatus.Cancelled;
            reason = "The time budget ran out during this trial.";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            status = TrialStatus.Failed;
            reason = ex.Message;
        }

        var succeeded = status == TrialStatus.Succeeded;
        var loss = succeeded && !double.IsNaN(run!.Loss) ? run.Loss : double.PositiveInfinity;
        var result = new TrialResult(
            settings.Number,
            settings.Trainer,
            settings.ParameterText(),
            succeeded ? run!.Metrics : new Dictionary<string, double>(),
            _clock.GetElapsedTime(trialStarted),
            status,
            reason)
        {
            FoldMetrics = succeeded ? run!.FoldMetrics : [],
            StartedAt = startedAt,
            Resources = resources.Stop(),
            DataFraction = settings.DataFraction,
            TrainingRows = succeeded ? run!.TrainingRows : null,
        };
        return new Entry(result, loss, settings, succeeded ? run : null);
    }

    /// <summary>
    /// Only the candidates (<see cref="Best"/>) can be served, so only they keep their models (the last fold's,
    /// <see cref="TrialRun.Model"/>, and every fold's, <see cref="TrialRun.FoldModels"/>); a trial that drops out never
    /// comes back (losses do not change), so a long search holds at most that many trials' models (ten, and two for each
    /// other trainer), however many it runs.
    /// A fully grown forest is tens of megabytes: keeping every trial's made a 10-minute wine-quality run peak at 2.8 GB.
    /// </summary>
    private static void ForgetModelsOutsideCandidates(List<Entry> trials)
    {
        var candidates = Best(trials).ToHashSet(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < trials.Count; i++)
        {
            if (trials[i].Run is { } run && (run.Model is not null || run.FoldModels.Count > 0) && !candidates.Contains(trials[i]))
            {
                trials[i] = trials[i] with { Run = run with { Model = null, FoldModels = [] } };
            }
        }
    }

    /// <summary>
    /// The trials that can be served, best first: of those that succeeded on all rows with a finite loss, the best
    /// <see cref="CandidateCount"/> and each trainer's best <see cref="CandidatesPerTrainer"/>.
    /// </summary>
    private static IEnumerable<Entry> Best(IEnumerable<Entry> trials)
    {
        var ranked = trials
            .Where(t => t.Run is not null && t.Settings.IsFullData && double.IsFinite(t.Loss))
            .OrderBy(t => t.Loss)
            .ThenBy(t => t.Result.Number)
            .ToList();
        return Candidates(ranked, t => t.Settings.Trainer);
    }

    /// <summary>
    /// The ensemble candidates among trials ranked best first: the best <see cref="CandidateCount"/> and each trainer's
    /// best <see cref="CandidatesPerTrainer"/>, in rank order. A one-worker search keeps these; a study spread over
    /// workers validates them again when it is finalised.
    /// </summary>
    public static IReadOnlyList<T> Candidates<T>(IReadOnlyList<T> ranked, Func<T, string> trainer)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(trainer);
        var chosen = ranked.Take(CandidateCount)
            .Concat(ranked.GroupBy(trainer, StringComparer.Ordinal).SelectMany(g => g.Take(CandidatesPerTrainer)))
            .ToHashSet(ReferenceEqualityComparer.Instance);
        return [.. ranked.Where(t => chosen.Contains(t))];
    }

    // A failing observer must never fail training.
    private static void Report(IProgress<TrainingProgress>? progress, TrainingProgress report)
    {
        try
        {
            progress?.Report(report);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            System.Diagnostics.Trace.TraceWarning("A progress observer failed: {0}", ex.Message);
        }
    }

    private sealed record Entry(TrialResult Result, double Loss, TrialSettings Settings, TrialRun? Run);
}
