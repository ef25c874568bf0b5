using System.CommandLine;
using Augur.Learning.Bundles;
using Augur.Platform.Scoring;

namespace Augur.Commands;

/// <summary>`augur predict --model BUNDLE --input PATH --out PATH`: one prediction per input row, as CSV, XLSX or JSONL.</summary>
public static class PredictCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The model bundle (model.augur).", Required = true };
        var input = new Option<string>("--input") { Description = "The rows to score: anything 'augur ingest' reads.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the predictions (.csv, .xlsx or .jsonl).", Required = true };
        var command = new Command("predict", "Score a file of rows with a trained model.") { model, input, output };
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
                var count = await Terminal.Progress.RunAsync("Scoring…", _ => ScoreAsync(bundle, parse.GetValue(input)!, outputPath, cancellationToken));
                Terminal.Progress.Line($"Wrote {count:N0} predictions to {Spectre.Console.Markup.Escape(outputPath)}");
            }

            return CliErrors.Ok;
        }));
        return command;
    }

    private static async Task<long> ScoreAsync(ModelBundle bundle, string inputPath, string outputPath, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("augur-predict-");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
            var request = new BatchScoringRequest(inputPath, work.FullName, outputPath, ScoringFormats.FromPath(outputPath));
            return (await BatchScorer.ScoreAsync(bundle, request, progress: null, cancellationToken)).RowsScored;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
