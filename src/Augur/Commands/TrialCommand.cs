using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Augur.Learning.Search;
using Augur.Learning.Training;
using Augur.Platform.Training;

namespace Augur.Commands;

/// <summary>
/// `augur trial --request FILE --result FILE` (hidden): runs exactly one trial, cross-validated through the same
/// <see cref="OneTrialRunner"/> as in process, and writes what it measured. A worker starts it under hard memory and
/// time limits (see <see cref="ProcessTrialRunner"/>), so a runaway trial dies here and not in the worker.
/// </summary>
public static class TrialCommand
{
    private const string ModelsFile = "models.zip";

    public static Command Create()
    {
        var request = new Option<string>("--request") { Description = "The trial to run (written by the worker).", Required = true };
        var result = new Option<string>("--result") { Description = "Where the trial's result is written.", Required = true };
        var parent = new Option<int?>("--parent") { Description = "The worker's process id: the trial stops when that process is gone." };
        var command = new Command("trial", "Run one trial in this process (used by workers).") { request, result, parent };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var self = Process.GetCurrentProcess();
            var startup = DateTime.Now - self.StartTime;
            if (parse.GetValue(parent) is { } worker)
            {
                _ = ExitWhenGoneAsync(worker);
            }

            var input = JsonSerializer.Deserialize<TrialRequestFile>(await File.ReadAllTextAsync(parse.GetValue(request)!, cancellationToken), TrialResultFile.Json)
                ?? throw new InvalidDataException("The trial request is empty.");
            var path = Path.GetFullPath(parse.GetValue(result)!);
            var runner = new OneTrialRunner(input.Request);
            var started = Stopwatch.GetTimestamp();
            TrialResultFile output;
            try
            {
                var run = await runner.RunAsync(input.Settings, cancellationToken);
                var trial = Stopwatch.GetElapsedTime(started) - runner.PreparationTime;
                // The models go beside the result, so that the worker can serve them without fitting them again.
                var models = input.KeepModels && await runner.TrySaveModelsAsync(
                    input.Settings, run, Path.Combine(Path.GetDirectoryName(path)!, ModelsFile), ex => Console.Error.WriteLine($"The trial's models could not be written: {ex.Message}"), cancellationToken);
                output = TrialResultFile.From(run, startup, runner.PreparationTime, trial) with { Models = models ? ModelsFile : null };
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                // An ordinary failure (a trainer that cannot fit this data) is the trial's result, in its own words.
                output = new TrialResultFile { Failure = ex.Message, StartupSeconds = startup.TotalSeconds };
            }

            // Written beside and moved into place, so the worker never reads half a file.
            await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(output, TrialResultFile.Json), cancellationToken);
            File.Move(path + ".tmp", path, overwrite: true);
            return CliErrors.Ok;
        });
        return command;
    }

    /// <summary>
    /// A worker killed with SIGKILL cannot kill its trial: the trial notices its worker is gone and exits, instead of
    /// training on for nobody. (PR_SET_PDEATHSIG would fire when the starting thread exits, which in .NET can be any time.)
    /// </summary>
    private static async Task ExitWhenGoneAsync(int worker)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync())
        {
            try
            {
                using var process = Process.GetProcessById(worker);
                if (process.HasExited)
                {
                    Environment.Exit(3);
                }
            }
            catch (ArgumentException)
            {
                Environment.Exit(3);
            }
        }
    }
}
