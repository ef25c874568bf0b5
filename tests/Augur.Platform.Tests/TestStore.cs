using Augur.Platform.Configuration;
using Augur.Platform.Storage;
using Augur.Platform.Storage.Encryption;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Tests;

/// <summary>A real artifact store under a test folder, encrypting as the platform does by default (with a key ring that lives as long as the store).</summary>
internal static class TestStore
{
    public static FileArtifactStore Create(string directory) => new(
        new AugurPaths(Options.Create(new AugurOptions { DataDirectory = Path.Combine(directory, "data") })),
        new ArtifactCipher(new EphemeralDataProtectionProvider()),
        Options.Create(new SecurityOptions()));
}
