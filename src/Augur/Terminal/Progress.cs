using Spectre.Console;

namespace Augur.Terminal;

/// <summary>
/// Progress for the person at the terminal, on stderr so that stdout stays machine-readable (--json, pipes).
/// Spectre.Console draws nothing animated when stderr is not a terminal.
/// </summary>
public static class Progress
{
    private static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static Task<T> RunAsync<T>(string message, Func<StatusContext, Task<T>> work) =>
        Err.Status().Spinner(Spinner.Known.Dots).StartAsync(message, work);

    public static void Line(string markup) => Err.MarkupLine(markup);
}
