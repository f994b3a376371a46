using Microsoft.Extensions.Options;

namespace GreenIsland.Host.Infrastructure;

internal sealed class RequestLimits
{
    public const string Section = "Api";
    public const long DefaultMaxBodyBytes = 1_048_576;

    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
}

/// <summary>
/// Rejects declared oversize bodies before any handler runs (400 with a field error on "body"), and bodies without
/// a declared length (chunked) as soon as reading passes the limit, on any server (Kestrel or the test server).
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimits> limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length && length > limits.Value.MaxBodyBytes)
        {
            throw new RequestBodyTooLargeException($"The request body has {length} bytes; at most {limits.Value.MaxBodyBytes} are accepted.");
        }

        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, limits.Value.MaxBodyBytes);
        }

        return next(context);
    }

    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
            {
                throw new RequestBodyTooLargeException($"The request body exceeds {limit} bytes.");
            }

            return read;
        }
    }
}

/// <summary>Not a BadHttpRequestException on purpose: minimal APIs would turn that into a bare status code.</summary>
internal sealed class RequestBodyTooLargeException(string message) : Exception(message);
