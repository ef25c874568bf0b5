using Augur.Learning.Search;
using Augur.Learning.Training;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Training;

/// <summary>Gives each training request a <see cref="ProcessTrialRunner"/> whose time limit is its share of that request's budget.</summary>
public sealed class ProcessTrialRunners(TrainingOptions options, TrialExecutable executable, ILogger logger) : ITrialRunnerFactory
{
    public ITrialRunner Create(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ProcessTrialRunner(request, executable, TrialLimits.For(options, request.Budget), logger);
    }
}
