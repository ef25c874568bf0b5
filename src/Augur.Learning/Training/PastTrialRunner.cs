using Augur.Learning.Search;
using Augur.Learning.Trainers;

namespace Augur.Learning.Training;

/// <summary>
/// Takes a trial from <see cref="ITrialArchive"/> when it is stored there for this very data (see
/// <see cref="CrossValidationTrialRunner.CanStandFor"/>), and runs it otherwise. On wine-quality at 60 s, a study that
/// validated its finalists again had too little time left to refit them (docs/benchmarks.md).
/// </summary>
internal sealed class PastTrialRunner(ITrialArchive archive, CrossValidationTrialRunner data, ITrialRunner runner) : ITrialRunner
{
    public async Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
    {
        var past = await archive.FindAsync(settings, cancellationToken).ConfigureAwait(false);
        return past is not null && data.CanStandFor(past)
            ? past
            : await runner.RunAsync(settings, cancellationToken).ConfigureAwait(false);
    }
}
