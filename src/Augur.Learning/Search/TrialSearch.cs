using System.Globalization;
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
    public async Task<SearchResult> RunAsync(SearchLimits limits, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var started = _clock.GetTimestamp();
        // The budget timer runs on the injected clock, so tests can move time forward without sleeping.
        using var budget = new CancellationTokenSource(limits.Budget > TimeSpan.Zero ? limits.Budget : TimeSpan.Zero, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var trials = new List<(TrialResult Result, double Loss, TrialSettings Settings, TrialRun? Run)>();
        (TrialResult Result, double Loss, TrialSettings Settings, TrialRun? Run)? best = null;

        for (var number = 1; limits.MaxTrials is not { } max || number <= max; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (limits.Budget - _clock.GetElapsedTime(started) < limits.MinimumTrialTime)
            {
                break;
            }

            var settings = _tuner.Propose(number);
            var trialStarted = _clock.GetTimestamp();
            var startedAt = _clock.GetUtcNow();
            var resources = TrialResources.Start();
            TrialRun? run = null;
            TrialStatus status;
            string? reason = null;
            try
            {
                // Until one trial has succeeded the budget does not cut a trial short: a model late beats no model.
                // WaitAsync: a runner that does not notice the token (a native fit, a lost worker) is abandoned, not awaited.
                var token = best is null ? cancellationToken : linked.Token;
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

            var loss = status == TrialStatus.Succeeded && !double.IsNaN(run!.Loss) ? run.Loss : double.PositiveInfinity;
            var result = new TrialResult(
                settings.Number,
                settings.Trainer,
                settings.Parameters.ToDictionary(p => p.Key, p => Format(p.Value), StringComparer.Ordinal),
                status == TrialStatus.Succeeded ? run!.Metrics : new Dictionary<string, double>(),
                _clock.GetElapsedTime(trialStarted),
                status,
                reason)
            {
                FoldMetrics = status == TrialStatus.Succeeded ? run!.FoldMetrics : [],
                StartedAt = startedAt,
                Resources = resources.Stop(),
            };
            var entry = (result, loss, settings, status == TrialStatus.Succeeded ? run : null);
            trials.Add(entry);
            if (status == TrialStatus.Succeeded && (best is null || loss < best.Value.Loss))
            {
                best = entry;
            }

            _tuner.Update(new TrialObservation(settings, status, loss));
            Report(progress, new TrainingProgress(trials.Count, _clock.GetElapsedTime(started), limits.Budget, result, best?.Result));
            if (status == TrialStatus.Cancelled)
            {
                break;
            }
        }

        var leaderboard = trials
            .OrderBy(t => t.Result.Status == TrialStatus.Succeeded ? 0 : 1)
            .ThenBy(t => t.Result.Status == TrialStatus.Succeeded ? t.Loss : 0)
            .ThenBy(t => t.Result.Number)
            .Select(t => t.Result)
            .ToList();
        var candidates = trials
            .Where(t => t.Run is not null && double.IsFinite(t.Loss))
            .OrderBy(t => t.Loss)
            .ThenBy(t => t.Result.Number)
            .Take(CandidateCount)
            .Select(t => new ScoredTrial(t.Settings, t.Run!, t.Loss))
            .ToList();
        return new SearchResult(leaderboard, best?.Result, best?.Settings, best?.Run, _clock.GetElapsedTime(started)) { Candidates = candidates };
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

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
}
