using System.CommandLine;
using Augur.Data.Ingestion;
using Augur.Learning.Bundles;
using Augur.Platform.Scoring;

namespace Augur.Commands;

/// <summary>
/// `augur predict --model BUNDLE --input PATH --out PATH [--rejects PATH]`: one prediction per input row, as CSV, XLSX or
/// JSONL. A row that does not fit the model (a required field blank, a mistyped value) stops the scoring, and nothing is
/// written; with --rejects the other rows are scored and those rows listed there, as the platform's scoring jobs do.
/// </summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The model bundle (model.augur).", Required = true };
        var input = new Option<string>("--input") { Description = "The rows to score: anything 'augur ingest' reads.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the predictions (.csv, .xlsx or .jsonl).", Required = true };
        var explain = new Option<int?>("--explain")
        {
            Description = "Add each row's top reason codes (the columns that moved its prediction most): --explain for 3, or --explain N.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var rejects = new Option<string?>("--rejects")
        {
            Description = "Score the rows that fit the model and list the others in this CSV file (row, field, reason), instead of stopping at the first.",
        };
        var command = new Command("predict", "Score a file of rows with a trained model.") { model, input, output, explain, rejects };
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var modelPath = parse.GetValue(model)!;
            if (!File.Exists(modelPath))
            {
                throw new UsageException($"{modelPath}: the model file does not exist.");
            }

            ModelBundle bundle;
            await using (var stream = File.OpenRead(modelPath))
            {
                bundle = await ModelBundle.LoadAsync(stream, cancellationToken);
            }

            using (bundle)
            {
                var outputPath = parse.GetValue(output)!;
                var reasons = Reasons(parse, explain);
                if (reasons > 0 && bundle.ExplanationNote is { } note)
                {
                    Terminal.Progress.Line(Spectre.Console.Markup.Escape(note));
                }

                var inputPath = parse.GetValue(input)!;
                var rejectsPath = parse.GetValue(rejects);
                var outcome = await Terminal.Progress.RunAsync("Scoring…", _ => ScoreAsync(bundle, inputPath, outputPath, rejectsPath, reasons, cancellationToken));
                Terminal.Progress.Line($"Wrote {outcome.RowsScored:N0} predictions to {Spectre.Console.Markup.Escape(outputPath)}");
                if (rejectsPath is not null)
                {
                    Terminal.Progress.Line(outcome.RowsRejected == 0
                        ? "Every row could be scored."
                        : $"{outcome.RowsRejected:N0} {(outcome.RowsRejected == 1 ? "row" : "rows")} could not be scored: see {Spectre.Console.Markup.Escape(rejectsPath)}");
                }
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    /// <summary>0 without --explain, 3 for a bare --explain, else the number given (1 to 20).</summary>
    private static int Reasons(ParseResult parse, Option<int?> explain)
    {
        if (parse.GetResult(explain) is null)
        {
            return 0;
        }

        var count = parse.GetValue(explain) ?? ModelBundle.DefaultReasons;
        return count is >= 1 and <= 20 ? count : throw new UsageException($"--explain {count}: give a number of reasons from 1 to 20.");
    }

    private static async Task<BatchScoringOutcome> ScoreAsync(ModelBundle bundle, string inputPath, string outputPath, string? rejectsPath, int reasons, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("augur-predict-");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
            if (rejectsPath is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(rejectsPath))!);
            }

            var request = new BatchScoringRequest(inputPath, work.FullName, outputPath, ScoringFormats.FromPath(outputPath)) { Reasons = reasons, RejectsPath = rejectsPath };
            return await BatchScorer.ScoreAsync(bundle, request, progress: null, cancellationToken);
        }
        catch (InvalidInputException ex)
        {
            // Half a file of predictions would pass for all of them.
            File.Delete(outputPath);
            throw new IngestException(
                $"{inputPath}: {CliErrors.Describe(ex)}. Nothing was written: add --rejects FILE to score the other rows and list these in FILE.", ex);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
