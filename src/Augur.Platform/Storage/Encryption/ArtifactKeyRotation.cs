using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Storage.Encryption;

/// <summary>What a rotation did: the new key, and how many files were re-wrapped, newly encrypted or already current.</summary>
public sealed record KeyRotationResult(Guid NewKeyId, int Rewrapped, int Encrypted, int AlreadyCurrent, int RetiredKeys);

/// <summary>
/// Rotates the key that wraps artifacts' data keys. A new Data Protection key becomes the default; every encrypted
/// artifact's header is re-wrapped with it (the content stays as it is, since its data key does not change); files
/// from before encryption are encrypted. Old keys stay in the key ring, so nothing becomes unreadable; retiring them
/// (revoking) is optional and also signs everyone out, because the same ring protects cookies.
/// </summary>
public sealed class ArtifactKeyRotation(FileArtifactStore store, ArtifactCipher cipher, IKeyManager keys, TimeProvider clock, ILogger<ArtifactKeyRotation> logger)
{
    public async Task<KeyRotationResult> RotateAsync(bool retireOldKeys, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var oldKeys = keys.GetAllKeys().Where(k => !k.IsRevoked).Select(k => k.KeyId).ToList();
        var newKey = keys.CreateNewKey(activationDate: now, expirationDate: now.AddDays(90));
        await WaitUntilCurrentAsync(newKey.KeyId, cancellationToken);
        int rewrapped = 0, encrypted = 0, current = 0;
        foreach (var key in store.AllKeys().ToList())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (await RewrapAsync(key, newKey.KeyId, cancellationToken))
            {
                case Outcome.Rewrapped: rewrapped++; break;
                case Outcome.Encrypted: encrypted++; break;
                default: current++; break;
            }
        }

        if (retireOldKeys)
        {
            foreach (var id in oldKeys)
            {
                keys.RevokeKey(id, "Retired by augur keys rotate");
            }
        }

        logger.LogInformation("Artifact key rotated to {KeyId}: {Rewrapped} re-wrapped, {Encrypted} encrypted, {Current} already current, {Retired} old keys retired",
            newKey.KeyId, rewrapped, encrypted, current, retireOldKeys ? oldKeys.Count : 0);
        return new KeyRotationResult(newKey.KeyId, rewrapped, encrypted, current, retireOldKeys ? oldKeys.Count : 0);
    }

    private enum Outcome { Rewrapped, Encrypted, Current }

    /// <summary>
    /// Data Protection refreshes its cached key ring in the background, so the new key becomes the one that wraps
    /// only a moment after it is created; re-wrapping before that would wrap with the old key again.
    /// </summary>
    private async Task WaitUntilCurrentAsync(Guid keyId, CancellationToken cancellationToken)
    {
        for (var waited = TimeSpan.Zero; cipher.CurrentKeyId() != keyId; waited += TimeSpan.FromMilliseconds(100))
        {
            if (waited > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"The new key {keyId} did not become the current key within 30 s; nothing was re-wrapped.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), clock, cancellationToken);
        }
    }

    private async Task<Outcome> RewrapAsync(string key, Guid currentKeyId, CancellationToken cancellationToken)
    {
        var path = store.LocationOf(key);
        var temporary = path + ".partial";
        await using (var stored = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        {
            if (!ArtifactCipher.IsEncrypted(stored))
            {
                await using var output = File.Create(temporary);
                await cipher.EncryptAsync(key, stored, output, cancellationToken);
                File.Move(temporary, path, overwrite: true);
                return Outcome.Encrypted;
            }

            if (cipher.RewrapHeader(key, stored, currentKeyId) is not { } header)
            {
                return Outcome.Current;
            }

            // RewrapHeader left the stream just past the old header: the chunks follow unchanged.
            await using (var output = File.Create(temporary))
            {
                await output.WriteAsync(header, cancellationToken);
                await stored.CopyToAsync(output, cancellationToken);
            }
        }

        File.Move(temporary, path, overwrite: true);
        return Outcome.Rewrapped;
    }
}
