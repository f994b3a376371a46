using System.Text.Json;
using System.Text.Json.Serialization;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Persistence;

namespace GreenIsland.Telemetry.Outbox;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ReadingsAccepted))]
[JsonSerializable(typeof(DeviceWentOffline))]
[JsonSerializable(typeof(DeviceCameOnline))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;

internal static class OutboxSerializer
{
    public static OutboxMessage ToMessage(TelemetryEvent e) => new()
    {
        Id = e.EventId,
        OccurredAt = e.OccurredAtUtc,
        Type = e switch
        {
            ReadingsAccepted => nameof(ReadingsAccepted),
            DeviceWentOffline => nameof(DeviceWentOffline),
            DeviceCameOnline => nameof(DeviceCameOnline),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Not a Telemetry event."),
        },
        Payload = e switch
        {
            ReadingsAccepted r => ReadingsAcceptedCodec.Write(r),
            DeviceWentOffline o => JsonSerializer.Serialize(o, OutboxJsonContext.Default.DeviceWentOffline),
            DeviceCameOnline o => JsonSerializer.Serialize(o, OutboxJsonContext.Default.DeviceCameOnline),
            _ => throw new ArgumentOutOfRangeException(nameof(e)),
        },
        Attempts = 0,
        NextAttemptAt = e.OccurredAtUtc,
    };

    public static TelemetryEvent FromMessage(string type, string payload) => type switch
    {
        nameof(ReadingsAccepted) => payload.StartsWith(ReadingsAcceptedCodec.Prefix, StringComparison.Ordinal)
            ? ReadingsAcceptedCodec.Read(payload)
            : (TelemetryEvent?)JsonSerializer.Deserialize(payload, OutboxJsonContext.Default.ReadingsAccepted), // format 1 (before 2026-11-22)
        nameof(DeviceWentOffline) => JsonSerializer.Deserialize(payload, OutboxJsonContext.Default.DeviceWentOffline),
        nameof(DeviceCameOnline) => JsonSerializer.Deserialize(payload, OutboxJsonContext.Default.DeviceCameOnline),
        _ => null,
    } ?? throw new InvalidOperationException($"Cannot read outbox message of type '{type}'.");
}
