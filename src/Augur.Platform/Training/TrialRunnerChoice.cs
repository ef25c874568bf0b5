using Augur.Learning.Search;
using Augur.Platform.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Training;

/// <summary>
/// Where this node runs trials (Training:TrialIsolation), decided once at start-up and used by single-worker runs and
/// study workers alike. <see cref="Runners"/> is null for in-process trials.
/// </summary>
public sealed class TrialRunnerChoice
{
    public TrialRunnerChoice(IOptions<TrainingOptions> options, IArtifactStore store, ILogger<TrialRunnerChoice> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var settings = options.Value;
        if (settings.TrialIsolation == TrialIsolation.InProcess)
        {
            return;
        }

        if (TrialExecutable.Find(settings.TrialExecutable) is not { } executable)
        {
            // A host that is not the augur CLI (a test host, an embedding) has no `trial` verb to start.
            logger.LogWarning("Trials run in this process: this host is not the augur executable and Training:TrialExecutable is not set");
            return;
        }

        logger.LogInformation("Trials run in child processes ({Executable}), each capped at {MemoryMb} MB", executable, settings.TrialMemoryLimitMb);
        Runners = new ProcessTrialRunners(settings, executable, logger, store.CreateWorkFolder);
    }

    public ITrialRunnerFactory? Runners { get; }
}
