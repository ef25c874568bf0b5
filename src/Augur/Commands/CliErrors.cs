using Augur.Data.Ingestion;
using Augur.Learning.Bundles;
using Augur.Learning.Training;

namespace Augur.Commands;

/// <summary>Every verb ends the same way on bad input: one clear line on stderr and exit code 2.</summary>
public static class CliErrors
{
    public const int Ok = 0;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (Describe(ex) is { } message)
        {
            await Console.Error.WriteLineAsync($"augur: {message}");
            return BadInput;
        }
    }

    private static string? Describe(Exception ex) => ex switch
    {
        IngestException e => e.Message,
        TrainingException e => e.Message,
        InvalidInputException e => e.Errors.Count > 0 ? $"row {e.Errors[0].Row + 1}, field '{e.Errors[0].Field}': {e.Errors[0].Message}" + (e.Errors.Count > 1 ? $" (and {e.Errors.Count - 1} more problems)" : "") : e.Message,
        FileNotFoundException e => $"{e.FileName ?? "file"}: the file does not exist.",
        DirectoryNotFoundException e => e.Message,
        UsageException e => e.Message,
        Remote.ServerException e => e.Message,
        InvalidDataException e => e.Message,
        _ => null,
    };
}

/// <summary>A command-line value that cannot be used, e.g. a budget of "fast".</summary>
public sealed class UsageException : Exception
{
    public UsageException() { }

    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception innerException) : base(message, innerException) { }
}
