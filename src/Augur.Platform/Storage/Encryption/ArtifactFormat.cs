using System.Buffers.Binary;

namespace Augur.Platform.Storage.Encryption;

/// <summary>
/// The layout of an encrypted artifact: a header, then the content in AES-GCM chunks.
/// <code>
/// "AUGENC01" | u16 wrapped-key length | wrapped data key | chunk 0 | chunk 1 | ... | last chunk
/// chunk = ciphertext (64 KiB, or less for the last chunk) + 16-byte tag
/// </code>
/// Every file has its own random 256-bit data key, wrapped by ASP.NET Core Data Protection, so rotating the
/// key-encryption key only rewrites headers. Chunk i's nonce is i (big-endian) plus a "last chunk" flag, as in the
/// STREAM construction: reordering, dropping or truncating chunks fails authentication instead of returning less data.
/// Every chunk but the last holds exactly <see cref="ChunkSize"/> bytes, and the last holds fewer (possibly none), so
/// a reader knows the last chunk by its length.
/// </summary>
internal static class ArtifactFormat
{
    public const int ChunkSize = 64 * 1024;
    public const int TagSize = 16;
    public const int KeySize = 32;
    public const int NonceSize = 12;

    public static ReadOnlySpan<byte> Magic => "AUGENC01"u8;

    public static void FillNonce(Span<byte> nonce, long chunkIndex, bool last)
    {
        nonce.Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce, chunkIndex);
        nonce[NonceSize - 1] = last ? (byte)1 : (byte)0;
    }

    /// <summary>The header's bytes: magic, length and the wrapped key.</summary>
    public static byte[] Header(byte[] wrappedKey)
    {
        var header = new byte[Magic.Length + 2 + wrappedKey.Length];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(Magic.Length), checked((ushort)wrappedKey.Length));
        wrappedKey.CopyTo(header.AsSpan(Magic.Length + 2));
        return header;
    }

    /// <summary>
    /// Reads the header if the stream starts with one. Returns null (and rewinds what it read) for a plaintext file,
    /// which is what an install that predates encryption holds until <c>augur keys rotate</c> encrypts it.
    /// </summary>
    public static byte[]? TryReadWrappedKey(Stream stream, string name)
    {
        Span<byte> magic = stackalloc byte[8];
        var read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (read < magic.Length || !magic.SequenceEqual(Magic))
        {
            stream.Position = 0;
            return null;
        }

        Span<byte> length = stackalloc byte[2];
        stream.ReadExactly(length);
        var wrapped = new byte[BinaryPrimitives.ReadUInt16BigEndian(length)];
        if (stream.ReadAtLeast(wrapped, wrapped.Length, throwOnEndOfStream: false) < wrapped.Length)
        {
            throw new ArtifactDecryptionException($"{name}: the encrypted file's header is truncated.");
        }

        return wrapped;
    }
}
