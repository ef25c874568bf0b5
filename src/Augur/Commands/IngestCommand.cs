using System.CommandLine;
using System.Text.Json;
using Augur.Data;
using Augur.Data.Ingestion;
using Augur.Data.Schema;
using Spectre.Console;

namespace Augur.Commands;

/// <summary>`augur ingest PATH --out DIR`: messy files in, clean JSONL tables with schema, profile, rejects and lineage out.</summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "A file, a folder of files or a .zip (CSV, TSV, JSON, JSONL, XLSX, XLS, Parquet, .gz)." };
        var output = new Option<string>("--out") { Description = "The folder to write the clean tables to.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable summary on stdout." };
        var types = new Option<string[]>("--type")
        {
            Description = "Set a column's type instead of inferring it, e.g. --type zip=categorical (repeatable).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var keepRepeats = new Option<bool>("--keep-repeats")
        {
            Description = "Keep rows that repeat another row exactly unless a column is an ID, as augur train and the dashboard read training data (default: drop them).",
        };
        var command = new Command("ingest", "Clean a file, folder or .zip into typed JSONL tables.") { path, output, json, types, keepRepeats };
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var input = parse.GetValue(path)!;
            var outDir = parse.GetValue(output)!;
            var options = new IngestOptions
            {
                ColumnTypes = ParseTypes(parse.GetValue(types) ?? []),
                Duplicates = parse.GetValue(keepRepeats) ? DuplicatePolicy.KeepWithoutIdentifier : DuplicatePolicy.Drop,
            };
            var summary = await Terminal.Progress.RunAsync($"Reading {Markup.Escape(input)}…", _ =>
                new Ingestor(options).IngestAsync(input, outDir, cancellationToken));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(summary, AugurJson.Options));
            }
            else
            {
                foreach (var table in summary.Tables)
                {
                    Terminal.Progress.Line($"[green]{Markup.Escape(table.Name)}[/]: {table.RowsOut:N0} rows, {table.Schema.Columns.Count} columns, {table.Duplicates:N0} duplicates dropped, {(table.DuplicatesKept > 0 ? $"{table.DuplicatesKept:N0} repeated rows kept, " : "")}{table.Rejected:N0} rows rejected → {Markup.Escape(table.JsonlPath)}");
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

    private static Dictionary<string, ColumnType> ParseTypes(string[] pairs)
    {
        try
        {
            return ColumnTypeOverrides.Parse(pairs);
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--type {ex.Message}", ex);
        }
    }
}
