using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace GreenIsland.Host.Infrastructure;

internal sealed class RequestLimits
{
    public const string Section = "Api";
    public const long DefaultMaxBodyBytes = 1_048_576;

    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
}

/// <summary>
/// Rejects declared oversize bodies before any handler runs (413 with a field error on "body"), and bodies without
/// a declared length (chunked) as soon as reading passes the limit, on any server (Kestrel or the test server). The
/// limit is the endpoint's own (<see cref="IRequestSizeLimitMetadata"/>, e.g. file uploads) or else the global one, so
/// this runs after routing.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimits> limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } own }
            ? own
            : limits.Value.MaxBodyBytes;
        if (context.Request.ContentLength is { } length && length > limit)
        {
            throw new RequestBodyTooLargeException($"The request body has {length} bytes; at most {limit} are accepted here.");
        }

        if (context.Request.ContentLength is null && context.Request.Body.CanRead)
        {
            context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
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
