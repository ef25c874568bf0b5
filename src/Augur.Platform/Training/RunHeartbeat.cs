using Augur.Learning.Training;
using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Training;

/// <summary>
/// While a worker trains, this polls the database once a second in its own DbContext (the worker's is busy on another
/// thread): it pushes the lease of the trial the worker runs forward, and it fires <see cref="Cancelled"/> when someone
/// asked to stop the run, on whichever node this runs. A failed poll is logged and tried again next second.
/// </summary>
public sealed class RunHeartbeat : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>How long a running trial's claim holds without a heartbeat; past it the trial counts as lost.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(15);

    private readonly CancellationTokenSource _cancelled = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Guid _runId;
    private readonly int? _trialNumber;
    private readonly Task _loop;

    public RunHeartbeat(IServiceScopeFactory scopes, TimeProvider clock, ILogger logger, Guid runId, int? trialNumber)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        _runId = runId;
        _trialNumber = trialNumber;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Fires when the run was asked to stop.</summary>
    public CancellationToken Cancelled => _cancelled.Token;

    public bool CancelRequested => _cancelled.IsCancellationRequested;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _cancelled.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval, _clock);
        do
        {
            try
            {
                await BeatAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                _logger.LogWarning(ex, "The heartbeat of run {RunId} failed; trying again", _runId);
            }
        }
        while (!_cancelled.IsCancellationRequested && await timer.WaitForNextTickAsync(_stop.Token));
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AugurDbContext>();
        if (_trialNumber is { } number)
        {
            var until = _clock.GetUtcNow().UtcDateTime + Lease;
            await db.Trials
                .Where(t => t.RunId == _runId && t.Number == number && t.Status == TrialStatus.Running)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LeaseUntil, until), cancellationToken);
        }

        if (await db.TrainingRuns.Where(r => r.Id == _runId).Select(r => r.CancelRequestedAt != null).SingleOrDefaultAsync(cancellationToken))
        {
            _logger.LogInformation("Run {RunId} was asked to stop", _runId);
            await _cancelled.CancelAsync();
        }
    }
}
