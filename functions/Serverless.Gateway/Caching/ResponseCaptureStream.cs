namespace Serverless.Gateway.Caching;

/// <summary>
/// Stands in for the response body of a request the cache may store: passes every write on at once and keeps a copy
/// up to the entry limit, giving the copy up past it. When a stale entry could replace a failure, a 5xx answer is held
/// back instead (nothing reaches the client), so the stale entry can be written in its place.
/// </summary>
internal sealed class ResponseCaptureStream(Stream inner, HttpResponse response, int maxBytes, bool holdBackFailures) : Stream
{
    private MemoryStream? _copy;
    private bool _started;
    private bool _tooLarge;

    /// <summary>A 5xx answer was held back; the response has not started.</summary>
    public bool HeldBack { get; private set; }

    /// <summary>The body as written, or null when it was larger than the limit or held back.</summary>
    public byte[]? Body => _tooLarge || HeldBack ? null : _copy?.ToArray() ?? [];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Start())
        {
            inner.Write(buffer);
            Copy(buffer);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Start())
        {
            await inner.WriteAsync(buffer, cancellationToken);
            Copy(buffer.Span);
        }
    }

    public override void Flush()
    {
        if (Start())
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Start() ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Decides, when the response starts, whether it goes through; false while it is held back.</summary>
    private bool Start()
    {
        if (!_started)
        {
            _started = true;
            HeldBack = holdBackFailures && ResponseCacheRules.IsFailure(response.StatusCode);
            _tooLarge = response.ContentLength > maxBytes;
        }

        return !HeldBack;
    }

    private void Copy(ReadOnlySpan<byte> buffer)
    {
        if (_tooLarge || buffer.IsEmpty)
        {
            return;
        }

        _copy ??= new MemoryStream(response.ContentLength is { } length ? (int)length : Math.Min(maxBytes, 16 * 1024));
        if (_copy.Length + buffer.Length > maxBytes)
        {
            _tooLarge = true;
            _copy = null;
            return;
        }

        _copy.Write(buffer);
    }
}
