namespace Serverless.Gateway.Forwarding.Mirroring;

/// <summary>
/// The request body as the primary forward reads it, keeping a copy of each byte for the shadow: the primary streams
/// as it would without a mirror, and the copy is complete only if the primary read the whole body.
/// </summary>
internal sealed class MirrorBodyCapture(Stream inner, int length) : Stream
{
    private readonly byte[] _copy = new byte[length];
    private int _captured;
    private bool _overflowed;

    /// <summary>The copy, filled as the primary reads; whole only once <see cref="IsComplete"/>.</summary>
    public byte[] Buffer => _copy;

    /// <summary>Whether the primary read exactly the announced length.</summary>
    public bool IsComplete => !_overflowed && _captured == _copy.Length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Keep(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Keep(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> read)
    {
        if (read.Length > _copy.Length - _captured)
        {
            _overflowed = true;
            return;
        }

        read.CopyTo(_copy.AsSpan(_captured));
        _captured += read.Length;
    }
}
