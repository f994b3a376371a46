using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;

namespace GreenIsland.Platform.Contracts.Http;

/// <summary>
/// A request-body limit for one endpoint that replaces the host's global one (<c>Api:MaxBodyBytes</c>, 1 MiB by default),
/// for the few endpoints that take files: evidence scans, CSV imports. The host's body-limit check and Kestrel read it
/// from the endpoint's metadata.
/// </summary>
/// <param name="MaxBytes">The largest body accepted, in bytes.</param>
public sealed record RequestBodyLimit(long MaxBytes) : IRequestSizeLimitMetadata
{
    /// <inheritdoc />
    public long? MaxRequestBodySize => MaxBytes;
}

/// <summary>Declares an endpoint's own request-body limit.</summary>
public static class RequestBodyLimitExtensions
{
    /// <summary>Accepts bodies up to <paramref name="maxBytes"/> on this endpoint (larger ones get 413 ProblemDetails).</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        return builder.WithMetadata(new RequestBodyLimit(maxBytes));
    }
}
