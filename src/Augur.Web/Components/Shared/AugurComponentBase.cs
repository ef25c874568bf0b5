using Augur.Learning.Bundles;
using Augur.Platform;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Augur.Web.Components.Shared;

/// <summary>
/// The base of dashboard components that call platform services. A Blazor circuit lives for as long as the tab is
/// open and EF Core's DbContext is not thread-safe, so every call gets its own DI scope (and so its own DbContext).
/// </summary>
public abstract class AugurComponentBase : ComponentBase
{
    [Inject]
    protected IServiceScopeFactory Scopes { get; set; } = default!;

    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    protected ILogger<AugurComponentBase> Logger { get; set; } = default!;

    protected async Task<T> UseAsync<TService, T>(Func<TService, Task<T>> call)
        where TService : notnull
    {
        ArgumentNullException.ThrowIfNull(call);
        await using var scope = Scopes.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>The message a person sees for a failed call. Unexpected errors are logged, and no stack trace is shown.</summary>
    protected string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case PlatformValidationException or NotFoundException or ForbiddenException or InvalidInputException:
                return exception.Message;
            default:
                Logger.LogError(exception, "A dashboard call failed");
                return "Something went wrong on the server. The error was logged; please try again.";
        }
    }

    protected void ShowError(Exception exception) => Snackbar.Add(Describe(exception), Severity.Error);

    /// <summary>Errors a page catches and shows; out-of-memory and stack overflow are never caught (DESIGN.md, convention 6).</summary>
    protected static bool IsShowable(Exception exception) => exception is not (OutOfMemoryException or StackOverflowException);
}
