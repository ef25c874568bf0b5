using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Platform.Scoring;
using Augur.Remote;
using Spectre.Console;

namespace Augur.Commands;

/// <summary>
/// `augur score FILE --model M [--version champion] [--format csv|xlsx|jsonl] [--keep COLS] --out PATH`: batch scoring
/// on a running server (upload, wait with progress, download); `augur score status JOB` shows one job.
/// </summary>
public static class ScoreCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static Command Create()
    {
        var server = new ServerOptions();
        var file = new Argument<string>("FILE") { Description = "The rows to score: CSV, TSV, Excel, JSON, JSONL, Parquet, .gz or .zip." };
        var model = new Option<string>("--model") { Description = "The registered model to score with.", Required = true };
        var version = new Option<string>("--version") { Description = "latest (default), a number (3, v3) or an alias (champion)." };
        var format = new Option<string>("--format") { Description = "csv, xlsx or jsonl (default: from --out's extension, else csv)." };
        var keep = new Option<string>("--keep") { Description = "Extra input columns to copy beside the predictions, comma-separated (identifiers are always kept)." };
        var output = new Option<string>("--out") { Description = "Where to save the predictions (default: FILE-scored.csv beside FILE)." };
        var command = new Command("score", "Score a file with a model on an Augur server, wait for it, and download the predictions.") { file, model, version, format, keep, output };
        server.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var input = parse.GetValue(file)!;
            if (!File.Exists(input))
            {
                throw new UsageException($"{input}: the file does not exist.");
            }

            var outPath = parse.GetValue(output);
            var chosen = parse.GetValue(format) is { } f ? ParseFormat(f) : outPath is null ? ScoringFormat.Csv : ScoringFormats.FromPath(outPath);
            outPath ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(input))!, $"{Path.GetFileNameWithoutExtension(input)}-scored{chosen.Extension()}");
            using var client = server.Connect(parse);
            var projectId = await client.ProjectIdAsync(server.ProjectName(parse), cancellationToken);
            var fields = new Dictionary<string, string> { ["model"] = parse.GetValue(model)!, ["format"] = chosen.ToString().ToLowerInvariant() };
            if (parse.GetValue(version) is { Length: > 0 } v)
            {
                fields["version"] = v;
            }

            if (parse.GetValue(keep) is { Length: > 0 } k)
            {
                fields["keep"] = k;
            }

            var job = await Terminal.Progress.RunAsync("Uploading…", _ => client.UploadAsync<JsonObject>($"api/v1/projects/{projectId}/scoring", input, fields, cancellationToken));
            var jobPath = $"api/v1/projects/{projectId}/scoring/{(string)job["id"]!}";
            job = await Terminal.Progress.RunAsync("Queued…", status => WaitAsync(client, jobPath, status, cancellationToken));
            if ((string?)job["status"] != "succeeded")
            {
                throw new ServerException($"Scoring job {(string)job["id"]!} {(string?)job["status"]}: {(string?)job["reason"]}");
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            await client.DownloadAsync(jobPath + "/result", outPath, cancellationToken);
            Terminal.Progress.Line($"Scored {Rows(job["rowsScored"])} rows with {Markup.Escape((string)job["model"]!)} v{(int)job["version"]!}; wrote {Markup.Escape(outPath)}");
            if ((long)job["rowsRejected"]! > 0)
            {
                var rejects = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, $"{Path.GetFileNameWithoutExtension(outPath)}-rejects.csv");
                await client.DownloadAsync(jobPath + "/rejects", rejects, cancellationToken);
                Terminal.Progress.Line($"[yellow]{Rows(job["rowsRejected"])} rows could not be scored[/]; the reasons are in {Markup.Escape(rejects)}");
            }

            await Console.Out.WriteLineAsync((string)job["id"]!);
            return CliErrors.Ok;
        }));
        command.Subcommands.Add(StatusCommand(server));
        return command;
    }

    private static Command StatusCommand(ServerOptions server)
    {
        var jobId = new Argument<string>("JOB") { Description = "The scoring job's id (printed by 'augur score')." };
        var command = new Command("status", "Show a scoring job: its status, rows done and rows rejected.") { jobId };
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            if (!Guid.TryParse(parse.GetValue(jobId), out var id))
            {
                throw new UsageException($"'{parse.GetValue(jobId)}' is not a scoring job id.");
            }

            using var client = server.Connect(parse);
            var projectId = await client.ProjectIdAsync(server.ProjectName(parse), cancellationToken);
            var job = await client.GetAsync<JsonObject>($"api/v1/projects/{projectId}/scoring/{id}", cancellationToken);
            await Console.Out.WriteLineAsync($"{job["status"]}: {Describe(job)}");
            return CliErrors.Ok;
        }));
        return command;
    }

    private static async Task<JsonObject> WaitAsync(AugurServer client, string jobPath, StatusContext? status, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(PollInterval);
        while (true)
        {
            var job = await client.GetAsync<JsonObject>(jobPath, cancellationToken);
            if ((string?)job["status"] is "succeeded" or "failed" or "cancelled")
            {
                return job;
            }

            status?.Status(Markup.Escape($"Scoring… {Describe(job)}"));
            await timer.WaitForNextTickAsync(cancellationToken);
        }
    }

    private static string Describe(JsonObject job)
    {
        var total = job["rowsTotal"] is { } t ? $" of {Rows(t)}" : "";
        var rejected = (long?)job["rowsRejected"] is > 0 ? $", {Rows(job["rowsRejected"])} rejected" : "";
        var reason = job["reason"] is { } r ? $" ({r})" : "";
        return $"{Rows(job["rowsDone"])}{total} rows{rejected}{reason}";
    }

    private static string Rows(JsonNode? value) => ((long?)value ?? 0).ToString("N0", CultureInfo.InvariantCulture);

    private static ScoringFormat ParseFormat(string text)
    {
        try
        {
            return ScoringFormats.Parse(text);
        }
        catch (Augur.Platform.PlatformValidationException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
