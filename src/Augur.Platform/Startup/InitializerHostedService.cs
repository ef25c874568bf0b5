using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Augur.Platform.Startup;

/// <summary>Runs <see cref="AugurInitializer"/> during host start, before the scheduler and the web server start.</summary>
public sealed class InitializerHostedService(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AugurInitializer>().InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
