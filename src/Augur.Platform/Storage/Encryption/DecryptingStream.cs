using System.Security.Cryptography;

namespace Augur.Platform.Storage.Encryption;

/// <summary>A read-only, forward-only stream of an encrypted artifact's plaintext, decrypted a chunk at a time.</summary>
internal sealed class DecryptingStream : Stream
{
    private readonly Stream _inner;
    private readonly AesGcm _aes;
    private readonly string _name;
    private readonly byte[] _cipher = new byte[ArtifactFormat.ChunkSize + ArtifactFormat.TagSize];
    private readonly byte[] _plain = new byte[ArtifactFormat.ChunkSize];
    private readonly byte[] _nonce = new byte[ArtifactFormat.NonceSize];
    private int _plainLength;
    private int _plainOffset;
    private long _chunk;
    private long _position;
    private bool _finished;

    public DecryptingStream(Stream inner, byte[] dataKey, string name)
    {
        _inner = inner;
        _aes = new AesGcm(dataKey, ArtifactFormat.TagSize);
        CryptographicOperations.ZeroMemory(dataKey);
        _name = name;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_plainOffset == _plainLength && !NextChunk())
        {
            return 0;
        }

        var n = Math.Min(buffer.Length, _plainLength - _plainOffset);
        _plain.AsSpan(_plainOffset, n).CopyTo(buffer);
        _plainOffset += n;
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    private bool NextChunk()
    {
        while (!_finished)
        {
            var read = _inner.ReadAtLeast(_cipher, _cipher.Length, throwOnEndOfStream: false);
            var last = read < _cipher.Length;
            if (read < ArtifactFormat.TagSize)
            {
                throw new ArtifactDecryptionException($"{_name}: the encrypted file is truncated.");
            }

            var length = read - ArtifactFormat.TagSize;
            ArtifactFormat.FillNonce(_nonce, _chunk++, last);
            try
            {
                _aes.Decrypt(_nonce, _cipher.AsSpan(0, length), _cipher.AsSpan(length, ArtifactFormat.TagSize), _plain.AsSpan(0, length));
            }
            catch (AuthenticationTagMismatchException ex)
            {
                throw new ArtifactDecryptionException($"{_name}: the encrypted file was altered or cut short.", ex);
            }

            _finished = last;
            _plainLength = length;
            _plainOffset = 0;
            if (length > 0)
            {
                return true;
            }
        }

        return false;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
        }

        base.Dispose(disposing);
    }
}
