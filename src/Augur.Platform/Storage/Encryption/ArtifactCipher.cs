using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Augur.Platform.Storage.Encryption;

/// <summary>
/// Encrypts and decrypts artifacts (see <see cref="ArtifactFormat"/>). The data keys are wrapped by Data Protection
/// with the artifact's own key as the purpose, so an encrypted file copied under another project's key does not open.
/// </summary>
public sealed class ArtifactCipher(IDataProtectionProvider dataProtection)
{
    private const string Purpose = "Augur.Artifacts.v1";

    private readonly IDataProtector _root = dataProtection.CreateProtector(Purpose);

    /// <summary>Reads <paramref name="plaintext"/> to its end and writes its encrypted form to <paramref name="output"/>.</summary>
    public async Task EncryptAsync(string key, Stream plaintext, Stream output, CancellationToken cancellationToken)
    {
        var dataKey = RandomNumberGenerator.GetBytes(ArtifactFormat.KeySize);
        var plain = new byte[ArtifactFormat.ChunkSize];
        var cipher = new byte[ArtifactFormat.ChunkSize + ArtifactFormat.TagSize];
        var nonce = new byte[ArtifactFormat.NonceSize];
        try
        {
            await output.WriteAsync(ArtifactFormat.Header(_root.CreateProtector(key).Protect(dataKey)), cancellationToken);
            using var aes = new AesGcm(dataKey, ArtifactFormat.TagSize);
            for (long chunk = 0; ; chunk++)
            {
                // A full chunk is never the last one; the last holds 0..ChunkSize-1 bytes (see ArtifactFormat).
                var length = await plaintext.ReadAtLeastAsync(plain, plain.Length, throwOnEndOfStream: false, cancellationToken);
                var last = length < plain.Length;
                ArtifactFormat.FillNonce(nonce, chunk, last);
                aes.Encrypt(nonce, plain.AsSpan(0, length), cipher.AsSpan(0, length), cipher.AsSpan(length, ArtifactFormat.TagSize));
                await output.WriteAsync(cipher.AsMemory(0, length + ArtifactFormat.TagSize), cancellationToken);
                if (last)
                {
                    return;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>
    /// The plaintext of a stored file: decrypted when it is encrypted, as it is when it predates encryption.
    /// Takes ownership of <paramref name="stored"/>.
    /// </summary>
    public Stream OpenRead(string key, Stream stored)
    {
        var wrapped = ArtifactFormat.TryReadWrappedKey(stored, key);
        return wrapped is null ? stored : new DecryptingStream(stored, Unwrap(key, wrapped), key);
    }

    /// <summary>
    /// The header of <paramref name="stored"/> re-wrapped with the key ring's current key, or null when it already is.
    /// Plaintext files return null too (<see cref="IsEncrypted"/> tells them apart).
    /// </summary>
    internal byte[]? RewrapHeader(string key, Stream stored, Guid currentKeyId)
    {
        var wrapped = ArtifactFormat.TryReadWrappedKey(stored, key);
        if (wrapped is null || WrappingKeyId(wrapped) == currentKeyId)
        {
            return null;
        }

        var dataKey = Unwrap(key, wrapped);
        try
        {
            return ArtifactFormat.Header(_root.CreateProtector(key).Protect(dataKey));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The id of the key that new files are wrapped with now (read from a probe, as Data Protection caches its key ring).</summary>
    internal Guid CurrentKeyId() => WrappingKeyId(_root.Protect([0]));

    /// <summary>Data Protection's payload starts with a 4-byte magic number and the 16-byte id of the key it used.</summary>
    private static Guid WrappingKeyId(byte[] wrapped) => wrapped.Length >= 20 ? new Guid(wrapped.AsSpan(4, 16)) : Guid.Empty;

    internal static bool IsEncrypted(Stream stored)
    {
        Span<byte> magic = stackalloc byte[8];
        var read = stored.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        stored.Position = 0;
        return read == magic.Length && magic.SequenceEqual(ArtifactFormat.Magic);
    }

    private byte[] Unwrap(string key, byte[] wrapped)
    {
        try
        {
            // A revoked key still opens what it wrapped: revoking stops a key being used for new files (and signs
            // people out), while `augur keys rotate` re-wraps old files; data must never become unreadable.
            var protector = (IPersistedDataProtector)_root.CreateProtector(key);
            return protector.DangerousUnprotect(wrapped, ignoreRevocationErrors: true, out _, out _);
        }
        catch (CryptographicException ex)
        {
            throw new ArtifactDecryptionException(
                $"{key}: the file's key cannot be unwrapped (the key ring lacks its key, or the file belongs elsewhere).", ex);
        }
    }
}
