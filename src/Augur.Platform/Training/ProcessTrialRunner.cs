using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Augur.Learning.Search;
using Augur.Learning.Training;
using Augur.Platform.Storage;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Training;

/// <summary>
/// Runs each trial in a child `augur trial` process with hard limits: a managed-heap cap (DOTNET_GCHeapHardLimit), a
/// resident-memory backstop for native code, and a wall-clock limit. A trial that passes a limit, crashes, or is
/// cancelled has its whole process tree killed; the worker only sees a failed (or cancelled) trial and goes on.
/// The child reads the job's decrypted scratch copy of the data, so nothing secret is written anew. It hands back its
/// models beside its result (<see cref="TrialModelArchive"/>), in the same private work folder, removed after the trial;
/// for a study's trial they are moved to where the worker stores them.
/// </summary>
public sealed class ProcessTrialRunner(TrainingRequest request, TrialExecutable executable, TrialLimits limits, ILogger logger, Func<WorkFolder>? workFolders = null) : ITrialRunner, IArchivingTrialRunner
{
    /// <summary>How often the child's resident memory is checked.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a killed child may take to be reaped before we stop waiting for it.</summary>
    private static readonly TimeSpan ReapTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The child's id while a trial runs (tests check that a cancelled child is gone).</summary>
    public int? ChildProcessId { get; private set; }

    public async Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
    {
        using var folder = NewFolder();
        var (run, models) = await RunChildAsync(settings, keepModels: true, folder, cancellationToken);
        if (models is null)
        {
            return run;
        }

        try
        {
            return await TrialModelArchive.ReadAsync(run, models, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or FormatException or InvalidOperationException)
        {
            // The measurements stand; the worker fits the models again if this trial is shipped.
            logger.LogWarning(ex, "Trial {TrialNumber}: its models could not be read back", settings.Number);
            return run;
        }
    }

    /// <summary>A study's trial: the child's models file is moved to <paramref name="modelsPath"/>, unread.</summary>
    public async Task<ArchivedRun> RunAsync(TrialSettings settings, string? modelsPath, CancellationToken cancellationToken)
    {
        using var folder = NewFolder();
        var (run, models) = await RunChildAsync(settings, modelsPath is not null, folder, cancellationToken);
        if (models is null || modelsPath is null)
        {
            return new ArchivedRun(run, ModelsSaved: false);
        }

        File.Move(models, modelsPath, overwrite: true);
        return new ArchivedRun(run, ModelsSaved: true);
    }

    private WorkFolder NewFolder() => workFolders?.Invoke() ?? new WorkFolder(Directory.CreateTempSubdirectory("augur-trial-").FullName);

    /// <summary>Runs the trial in a child; returns its measurements and the path of the models it wrote in <paramref name="folder"/>, if any.</summary>
    private async Task<(TrialRun Run, string? Models)> RunChildAsync(TrialSettings settings, bool keepModels, WorkFolder folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var requestPath = folder.File("request.json");
        var resultPath = folder.File("result.json");
        await File.WriteAllTextAsync(requestPath, JsonSerializer.Serialize(new TrialRequestFile(request, settings, keepModels), TrialResultFile.Json), cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var stderr = await RunChildAsync(
            settings.Number,
            ["trial", "--request", requestPath, "--result", resultPath, "--parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        var wall = Stopwatch.GetElapsedTime(started);
        if (!File.Exists(resultPath))
        {
            throw Crashed(settings.Number, "no result file", stderr);
        }

        var result = JsonSerializer.Deserialize<TrialResultFile>(await File.ReadAllTextAsync(resultPath, cancellationToken), TrialResultFile.Json)
            ?? throw new TrainingException("This trial stopped unexpectedly: its result file was empty.");
        // bench/Cluster reads this line: what running a trial in its own process adds (start-up, loading the data and, when
        // asked, writing the models).
        logger.LogInformation(
            "Trial {TrialNumber} ran in a child process in {WallMs:F0} ms; start-up and data load {OverheadMs:F0} ms (runtime start {StartupMs:F0} ms, data {PreparationMs:F0} ms)",
            settings.Number, wall.TotalMilliseconds, wall.TotalMilliseconds - (result.TrialSeconds * 1000), result.StartupSeconds * 1000, result.PreparationSeconds * 1000);
        if (result.Failure is { } failure)
        {
            throw new TrainingException(failure);
        }

        return (result.ToRun(), result.Models is null ? null : folder.File(Path.GetFileName(result.Models)));
    }

    /// <summary>Starts the child and waits for it within the limits; returns its stderr when it exited by itself.</summary>
    private async Task<StderrTail> RunChildAsync(int trial, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = executable.StartInfo(arguments);
        // The runtime reads the cap as hexadecimal bytes. Server GC would reserve a heap per core under the same cap.
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + (limits.MemoryMb * 1024L * 1024L).ToString("X", CultureInfo.InvariantCulture);
        info.Environment["DOTNET_gcServer"] = "0";
        var stderr = new StderrTail();
        using var child = new Process { StartInfo = info };
        child.ErrorDataReceived += (_, e) => stderr.Add(e.Data);
        child.OutputDataReceived += (_, _) => { };
        child.Start();
        ChildProcessId = child.Id;
        child.BeginErrorReadLine();
        child.BeginOutputReadLine();

        using var timeout = new CancellationTokenSource(limits.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var exited = child.WaitForExitAsync(CancellationToken.None);
        var overMemory = false;
        while (!exited.IsCompleted)
        {
            await Task.WhenAny(exited, Task.Delay(PollInterval, linked.Token)).ConfigureAwait(false);
            if (exited.IsCompleted)
            {
                break;
            }

            if (linked.IsCancellationRequested || (overMemory = ResidentBytes(child) > limits.ResidentCeilingBytes))
            {
                await KillAsync(child, exited);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TrainingException(overMemory ? limits.MemoryReason : limits.TimeReason);
            }
        }

        await exited;
        // Output lines may still be queued after the exit; WaitForExit with no timeout flushes them.
        child.WaitForExit();
        ChildProcessId = null;
        if (child.ExitCode != 0)
        {
            throw stderr.MentionsMemory ? new TrainingException(limits.MemoryReason) : Crashed(trial, $"exit code {child.ExitCode}", stderr);
        }

        return stderr;
    }

    /// <summary>
    /// The leaderboard says in plain words that the trial crashed; the child's own last words (an exception and its
    /// stack, meant for whoever runs the server) go to the server log.
    /// </summary>
    private TrainingException Crashed(int trial, string how, StderrTail stderr)
    {
        logger.LogWarning(
            "The child process of trial {TrialNumber} stopped unexpectedly ({How}); its last output: {Stderr}",
            trial, how, stderr.Text);
        return new TrainingException("This trial stopped unexpectedly (its training process crashed). Other trials were not affected; an administrator can find the details in the server log.");
    }

    private static long ResidentBytes(Process child)
    {
        try
        {
            child.Refresh();
            return child.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0; // it exited between the checks
        }
    }

    /// <summary>Kills the child and everything it started, and waits (briefly) until it is gone.</summary>
    private async Task KillAsync(Process child, Task exited)
    {
        try
        {
            child.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited by itself in the meantime.
        }

        try
        {
            await exited.WaitAsync(ReapTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The trial process {ProcessId} did not exit within {Timeout} after it was killed", child.Id, ReapTimeout);
        }

        ChildProcessId = null;
    }

    /// <summary>The last lines a child wrote to stderr (a crash's reason is there), kept bounded.</summary>
    private sealed class StderrTail
    {
        private readonly Queue<string> _lines = new();

        public string Text
        {
            get
            {
                lock (_lines)
                {
                    return _lines.Count == 0 ? "(nothing)" : string.Join(Environment.NewLine, _lines);
                }
            }
        }

        /// <summary>Out of memory: the exception, or the runtime failing to start under the cap (E_OUTOFMEMORY).</summary>
        public bool MentionsMemory
        {
            get
            {
                lock (_lines)
                {
                    return _lines.Any(l => l.Contains("OutOfMemoryException", StringComparison.Ordinal) || l.Contains("Out of memory", StringComparison.Ordinal) || l.Contains("0x8007000E", StringComparison.OrdinalIgnoreCase));
                }
            }
        }

        public void Add(string? line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }

            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 50)
                {
                    _lines.Dequeue();
                }
            }
        }
    }
}
