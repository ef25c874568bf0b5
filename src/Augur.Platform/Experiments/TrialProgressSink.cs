using System.Threading.Channels;
using Augur.Learning.Training;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Experiments;

/// <summary>
/// The trainer's progress observer for one run: each finished trial is queued and written by a background loop,
/// each write in its own DbContext scope, so the training thread never waits on the database and the run's own
/// DbContext is never touched from another thread. A write that fails is logged, never thrown: tracking must not
/// fail training (the job records any missing trials again at the end).
/// </summary>
public sealed class TrialProgressSink : IProgress<TrainingProgress>, IAsyncDisposable
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    private readonly Channel<TrainingProgress> _queue = Channel.CreateUnbounded<TrainingProgress>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _logger;
    private readonly Guid _projectId;
    private readonly Guid _runId;
    private readonly int _attempt;
    private readonly Task _writer;

    public TrialProgressSink(IServiceScopeFactory scopes, ILogger logger, Guid projectId, Guid runId, int attempt)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(logger);
        _scopes = scopes;
        _logger = logger;
        _projectId = projectId;
        _runId = runId;
        _attempt = attempt;
        _writer = Task.Run(WriteAllAsync);
    }

    /// <summary>The ranking metric, as the trainer reported it with the latest trial.</summary>
    public string? Metric { get; private set; }

    public void Report(TrainingProgress value)
    {
        if (value?.LastTrial is not null)
        {
            _queue.Writer.TryWrite(value);
        }
    }

    /// <summary>Waits (up to half a minute) until every queued trial is written.</summary>
    public async Task DrainAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            await _writer.WaitAsync(DrainLimit);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Trials of run {RunId} were still being written after {Limit}; the rest are recorded at the end", _runId, DrainLimit);
        }
    }

    public async ValueTask DisposeAsync() => await DrainAsync();

    private async Task WriteAllAsync()
    {
        await foreach (var progress in _queue.Reader.ReadAllAsync())
        {
            var trial = progress.LastTrial!;
            Metric = progress.Metric ?? Metric;
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var recorder = scope.ServiceProvider.GetRequiredService<TrialRecorder>();
                await recorder.RecordAsync(_projectId, _runId, TrialRecord.From(trial, progress.Metric, _attempt), CancellationToken.None);
                await recorder.ReportCountAsync(_runId, progress.TrialsDone, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.LogWarning(ex, "Trial {TrialNumber} of run {RunId} could not be recorded", trial.Number, _runId);
            }
        }
    }
}
