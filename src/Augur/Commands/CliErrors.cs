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
        InvalidInputException e => Describe(e),
        FileNotFoundException e => $"{e.FileName ?? "file"}: the file does not exist.",
        DirectoryNotFoundException e => e.Message,
        UsageException e => e.Message,
        Remote.ServerException e => e.Message,
        InvalidDataException e => e.Message,
        _ => null,
    };

    /// <summary>The first problem, by row and field, and how many more were found with it (scoring stops at the first batch that has any).</summary>
    public static string Describe(InvalidInputException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex.Errors.Count > 0
            ? $"row {ex.Errors[0].Row + 1}, field '{ex.Errors[0].Field}': {ex.Errors[0].Message}" + (ex.Errors.Count switch { 1 => "", 2 => " (and at least 1 more problem)", var n => $" (and at least {n - 1} more problems)" })
            : ex.Message;
    }
}

/// <summary>A command-line value that cannot be used, e.g. a budget of "fast".</summary>
public sealed class UsageException : Exception
{
    public UsageException() { }

    public UsageException(string message) : base(message) { }

    public UsageException(string message, Exception innerException) : base(message, innerException) { }
}
