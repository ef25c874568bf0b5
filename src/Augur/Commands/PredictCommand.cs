using System.CommandLine;
using System.Text.Json.Nodes;
using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;
using Augur.Learning.Bundles;

namespace Augur.Commands;

/// <summary>`augur predict --model BUNDLE --input PATH --out PATH`: one prediction per input row, as CSV or JSONL.</summary>
public static class PredictCommand
{
    private const int BatchSize = 2_000;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The model bundle (model.augur).", Required = true };
        var input = new Option<string>("--input") { Description = "The rows to score: anything 'augur ingest' reads.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the predictions (.csv or .jsonl).", Required = true };
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
                var count = await Terminal.Progress.RunAsync("Scoring…", _ => ScoreAsync(bundle, parse.GetValue(input)!, parse.GetValue(output)!, cancellationToken));
                Terminal.Progress.Line($"Wrote {count:N0} predictions to {Spectre.Console.Markup.Escape(parse.GetValue(output)!)}");
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
            // Read the file the way the model was trained: a small file may otherwise look different (e.g. Yes/No
            // alone reads as a boolean, while training saw a category with a third value).
            var types = bundle.Info.Inputs.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
            var options = new IngestOptions { TableName = "input", ColumnTypes = types, KeepDuplicates = true };
            var summary = await new Ingestor(options).IngestAsync(inputPath, work.FullName, cancellationToken);
            var table = summary.Tables.Count > 0 ? summary.Tables[0] : throw new IngestException($"{inputPath}: no rows could be read from it.");
            var keys = table.Schema.Columns.Where(c => c.Role == ColumnRole.Identifier || c.Type == ColumnType.Identifier).Select(c => c.Name).ToList();
            await using var writer = PredictionWriter.Create(outputPath, keys, bundle.Info.Labels);
            var batch = new List<JsonObject>(BatchSize);
            long rowNumber = 0;
            await foreach (var row in JsonlReader.ReadAsync(table.JsonlPath, cancellationToken))
            {
                batch.Add(row);
                if (batch.Count == BatchSize)
                {
                    rowNumber = await FlushAsync(bundle, batch, rowNumber, writer);
                }
            }

            return await FlushAsync(bundle, batch, rowNumber, writer);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<long> FlushAsync(ModelBundle bundle, List<JsonObject> batch, long firstRow, PredictionWriter writer)
    {
        if (batch.Count == 0)
        {
            return firstRow;
        }

        IReadOnlyList<RowPrediction> predictions;
        try
        {
            predictions = bundle.Predict(batch);
        }
        catch (InvalidInputException ex)
        {
            // Report rows by their number in the whole file, not within the batch.
            throw new InvalidInputException([.. ex.Errors.Select(e => e with { Row = (int)(e.Row + firstRow) })]);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            await writer.WriteAsync(batch[i], predictions[i]);
        }

        batch.Clear();
        return firstRow + predictions.Count;
    }
}
