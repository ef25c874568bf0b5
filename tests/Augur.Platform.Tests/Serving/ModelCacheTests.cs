using Augur.Platform.Configuration;
using Augur.Platform.Models;
using Augur.Platform.Serving;
using Augur.Platform.Storage;
using Augur.Platform.Storage.Encryption;
using Augur.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Tests.Serving;

/// <summary>The model cache counts each model at its measured cost and pushes out the least recently used past its cap.</summary>
public sealed class ModelCacheTests(SmallBundle bundle) : IClassFixture<SmallBundle>, IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task The_cache_keeps_as_many_models_as_fit_under_its_cap_and_pushes_out_the_least_recently_used()
    {
        // Each model is counted as the measured fixed cost plus its bundle's size times the measured factor; the cap
        // holds a handful of them.
        var options = new AugurOptions { DataDirectory = _dir.Path };
        var counted = (options.Serving.ModelOverheadKilobytes * 1024L) + (long)(bundle.Bytes.Length * options.Serving.BundleMemoryFactor);
        options.Serving.ModelCacheMegabytes = (int)Math.Ceiling(4.5 * counted / (1024.0 * 1024.0));
        using var services = Services(options);
        var store = services.GetRequiredService<FileArtifactStore>();
        var cache = new ModelCache(store, Options.Create(options));
        Assert.Equal(counted, cache.EstimatedBytes(bundle.Bytes.Length));
        var fit = (int)(cache.Stats.CapacityBytes / counted);
        Assert.InRange(fit, 4, 20);
        var versions = new List<ModelVersion>();
        for (var i = 0; i < fit + 2; i++)
        {
            versions.Add(await Version(store, i + 1));
        }

        foreach (var version in versions.Take(fit))
        {
            await cache.GetAsync(version, CancellationToken.None);
        }

        Assert.Equal(fit, cache.Stats.Models);
        Assert.Equal(0, cache.Stats.Evictions);
        Assert.Equal(fit * counted, cache.Stats.EstimatedBytes);

        // The oldest is used again, so the next two loads push out the second and third instead.
        await cache.GetAsync(versions[0], CancellationToken.None);
        await cache.GetAsync(versions[fit], CancellationToken.None);
        await cache.GetAsync(versions[fit + 1], CancellationToken.None);

        var stats = cache.Stats;
        Assert.Equal(fit, stats.Models);
        Assert.Equal(2, stats.Evictions);
        Assert.True(stats.EstimatedBytes <= stats.CapacityBytes, $"{stats.EstimatedBytes} counted over a cap of {stats.CapacityBytes}");
        Assert.True(cache.Contains(versions[0].Id));
        Assert.False(cache.Contains(versions[1].Id));
        Assert.False(cache.Contains(versions[2].Id));
        Assert.True(cache.Contains(versions[fit + 1].Id));
        Assert.Equal(fit + 2, stats.Loads);

        // A pushed-out model loads again on its next request, and pushes out the least recently used in turn.
        await cache.GetAsync(versions[1], CancellationToken.None);
        Assert.True(cache.Contains(versions[1].Id));
        Assert.False(cache.Contains(versions[3].Id));
        Assert.Equal(3, cache.Stats.Evictions);
    }

    private async Task<ModelVersion> Version(FileArtifactStore store, int number)
    {
        var key = $"models/m/{number}/model.augur";
        await store.WriteAsync(key, new MemoryStream(bundle.Bytes), CancellationToken.None);
        var spec = new NewVersion(key, bundle.Bytes.Length, "binary", "churned", "lightGbm", "auc", 0.8);
        return new ModelVersion(Guid.NewGuid(), number, VersionSource.Imported, spec, DateTime.UtcNow);
    }

    private static ServiceProvider Services(AugurOptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("Augur").PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(options.DataDirectory, "keys")));
        services.AddSingleton(new AugurPaths(Options.Create(options)));
        services.AddSingleton(Options.Create(new SecurityOptions { EncryptArtifacts = false }));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ArtifactCipher>();
        services.AddSingleton<FileArtifactStore>();
        return services.BuildServiceProvider();
    }

    public void Dispose() => _dir.Dispose();
}
