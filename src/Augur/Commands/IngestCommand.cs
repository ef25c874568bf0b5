using System.CommandLine;
using System.Text.Json;
using Augur.Data;
using Augur.Data.Ingestion;
using Spectre.Console;

namespace Augur.Commands;

/// <summary>`augur ingest PATH --out DIR`: messy files in, clean JSONL tables with schema, profile, rejects and lineage out.</summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A file or a folder of files (CSV, TSV, JSON, JSONL, .gz)." };
        var output = new Option<string>("--out") { Description = "The folder to write the clean tables to.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable summary on stdout." };
        var command = new Command("ingest", "Clean a file or folder into typed JSONL tables.") { path, output, json };
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var input = parse.GetValue(path)!;
            var outDir = parse.GetValue(output)!;
            var summary = await Terminal.Progress.RunAsync($"Reading {Markup.Escape(input)}…", _ =>
                new Ingestor(new IngestOptions()).IngestAsync(input, outDir, cancellationToken));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(summary, AugurJson.Options));
            }
            else
            {
                foreach (var table in summary.Tables)
                {
                    Terminal.Progress.Line($"[green]{Markup.Escape(table.Name)}[/]: {table.RowsOut:N0} rows, {table.Schema.Columns.Count} columns, {table.Duplicates:N0} duplicates dropped, {table.Rejected:N0} rows rejected → {Markup.Escape(table.JsonlPath)}");
                }

                foreach (var skipped in summary.Skipped)
                {
                    Terminal.Progress.Line($"[yellow]skipped[/] {Markup.Escape(skipped.Path)}: {Markup.Escape(skipped.Reason)}");
                }
            }

            return summary.Tables.Count > 0 ? CliErrors.Ok : CliErrors.BadInput;
        }));
        return command;
    }
}
