using Microsoft.Extensions.Options;

namespace GreenIsland.Host.Infrastructure;

internal sealed class RequestLimits
{
    public const string Section = "Api";
    public const long DefaultMaxBodyBytes = 1_048_576;

    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
}

/// <summary>
/// Rejects declared oversize bodies before any handler runs (400 with a field error on "body"); Kestrel's
/// MaxRequestBodySize catches chunked bodies that grow past the limit while they are read.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next, IOptions<RequestLimits> limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length && length > limits.Value.MaxBodyBytes)
        {
            throw new BadHttpRequestException(
                $"The request body has {length} bytes; at most {limits.Value.MaxBodyBytes} are accepted.", StatusCodes.Status413PayloadTooLarge);
        }

        return next(context);
    }
}
