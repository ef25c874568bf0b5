using Spectre.Console;

namespace Augur.Terminal;

/// <summary>
/// Progress for the person at the terminal, on stderr so that stdout stays machine-readable (--json, pipes).
/// When stderr is not a terminal (a script, a pipe, CI) no status is shown at all: Spectre.Console's fallback
/// would print the status text once the work outlasts its first refresh, so a slow machine got an extra stderr line
/// before the one-line error that scripts rely on.
/// </summary>
public static class Progress
{
    private static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

    public static Task<T> RunAsync<T>(string message, Func<StatusContext?, Task<T>> work) =>
        Console.IsErrorRedirected
            ? work(null)
            : Err.Status().Spinner(Spinner.Known.Dots).StartAsync(message, ctx => work(ctx));

    public static void Line(string markup) => Err.MarkupLine(markup);
}
