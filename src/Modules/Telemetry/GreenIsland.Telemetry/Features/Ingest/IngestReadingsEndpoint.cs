using System.Text.Json;
using System.Text.Json.Serialization;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Telemetry.Domain;
using GreenIsland.Telemetry.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Telemetry.Features.Ingest;

/// <summary>One reading in a batch. <c>ts</c> carries an offset (ISO 8601); <c>unit</c> is optional but checked when present.</summary>
internal sealed record ReadingDto(Guid? DeviceId, string? Metric, DateTimeOffset? Ts, double? Value, string? Unit, long? Seq);

internal sealed record IngestRequest(IReadOnlyList<ReadingDto>? Readings);

internal sealed record RejectedReadingDto(int Index, Guid? DeviceId, string? Metric, DateTimeOffset? Ts, string Reason, string Detail);

/// <summary>
/// <c>accepted</c>: stored now; <c>duplicates</c>: already stored (or repeated in the batch), not stored again;
/// <c>rejected</c>: every invalid reading with its index in the request and the reason.
/// </summary>
internal sealed record IngestResponse(int Received, int Accepted, int Duplicates, IReadOnlyList<RejectedReadingDto> Rejected);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(IngestRequest))]
[JsonSerializable(typeof(IngestResponse))]
internal sealed partial class IngestJsonContext : JsonSerializerContext;

internal static class IngestReadingsEndpoint
{
    public static void MapIngestReadings(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/telemetry/readings", HandleAsync)
            .WithName("IngestReadings")
            .WithSummary("Ingest a batch of up to 5,000 readings (device key)")
            .WithDescription("Authenticated with X-Device-Key. A device reports for itself; a gateway for the devices of its site. "
                + "Idempotent per (device, metric, timestamp). Invalid readings are rejected individually and the rest is stored; "
                + "the response is sent after the transaction committed. Rate-limited per device key (token bucket, "
                + "RateLimiting:DeviceIngest); over the limit the answer is 429 with Retry-After.")
            .WithTags("Telemetry")
            .Accepts<IngestRequest>("application/json")
            .RequireTenancy(TenancyRule.DeviceSelf)
            .RequireRateLimiting(RateLimitPolicies.DeviceIngest);

    private static async Task<Results<Ok<IngestResponse>, ValidationProblem, ForbidHttpResult>> HandleAsync(
        HttpRequest request,
        IActorContext actors,
        IngestService ingest,
        CancellationToken cancellationToken)
    {
        if (actors.Current.Kind != ActorKind.Device)
        {
            return TypedResults.Forbid();
        }

        if (!request.HasJsonContentType())
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Content-Type must be application/json"] });
        }

        ParsedIngestBody body;
        var bodyReader = request.BodyReader;
        var read = await bodyReader.ReadAsync(cancellationToken);
        while (!read.IsCompleted)
        {
            bodyReader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await bodyReader.ReadAsync(cancellationToken);
        }

        try
        {
            body = IngestBodyParser.Parse(read.Buffer);
        }
        catch (JsonException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"malformed JSON: {e.Message}"] });
        }
        finally
        {
            bodyReader.AdvanceTo(read.Buffer.End);
        }

        using (body)
        {
            if (!body.HasReadings || body.Count == 0)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["readings"] = ["at least one reading is required"] });
            }

            if (body.Count > TelemetryOptions.MaxBatchSize)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["readings"] = [$"at most {TelemetryOptions.MaxBatchSize} readings per request; got {body.Count}"],
                });
            }

            var outcome = await ingest.IngestAsync(actors.Current, body.Readings, cancellationToken);
            var rejected = new List<RejectedReadingDto>(outcome.Rejected.Count);
            foreach (var r in outcome.Rejected)
            {
                rejected.Add(new RejectedReadingDto(r.Index, r.DeviceId, r.Metric, body.SentTimestamp(r.Index), r.Reason.Code(), r.Detail));
            }

            return TypedResults.Ok(new IngestResponse(outcome.Received, outcome.Accepted, outcome.Duplicates, rejected));
        }
    }
}
