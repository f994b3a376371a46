using System.Buffers;
using System.Text;
using System.Text.Json;
using GreenIsland.Telemetry.Features.Ingest;

namespace GreenIsland.Telemetry.Tests;

public sealed class IngestBodyParserTests
{
    private static readonly Guid Device = Guid.Parse("0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e22");

    private static ParsedIngestBody Parse(string json) => IngestBodyParser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Parse_ReadsEveryField_TheTimestampAsUtc_AndKeepsTheSentTimestamp()
    {
        var body = Parse($$"""{"readings":[{"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T10:00:00.123456+08:00","value":12.5,"unit":"kg","seq":7}]}""");

        var r = Assert.Single(body.Readings!);
        Assert.Equal((Device, "weight", 12.5, "kg", 7L), (r.DeviceId!.Value, r.Metric, r.Value!.Value, r.Unit, r.Sequence!.Value));
        Assert.Equal(new DateTime(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560), r.TimestampUtc);
        Assert.Equal(DateTimeKind.Utc, r.TimestampUtc!.Value.Kind);
        Assert.Equal(TimeSpan.FromHours(8), body.SentTimestamps[0]!.Value.Offset);
    }

    [Fact]
    public void Parse_AcceptsWhatTheWebDefaultsAccepted()
    {
        // Case-insensitive names, unknown members (nested too) skipped, null = missing, the last repeated member wins,
        // named floating-point literals, a null element.
        var body = Parse($$"""
            {"extra": {"a": [1, {"b": 2}]}, "READINGS": [
              {"DeviceID": "{{Device}}", "Metric": "temperature", "TS": "2026-11-21T00:00:00Z", "Value": "NaN", "note": [1,2]},
              {"deviceId": null, "metric": "weight", "ts": null, "value": 1, "value": 2, "seq": null},
              {"deviceId": "{{Device}}", "metric": "custom_metric", "ts": "2026-11-21T00:00:00Z", "value": "-Infinity"},
              null
            ]}
            """);

        var readings = body.Readings!;
        Assert.Equal(4, readings.Length);
        Assert.True(double.IsNaN(readings[0].Value!.Value));
        Assert.Equal("temperature", readings[0].Metric);
        Assert.Equal((null, null, 2.0, null), (readings[1].DeviceId, readings[1].TimestampUtc, readings[1].Value, readings[1].Sequence));
        Assert.Equal(("custom_metric", double.NegativeInfinity), (readings[2].Metric, readings[2].Value!.Value));
        Assert.Equal(default, readings[3]);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("""{"readings": null}""")]
    [InlineData("""{"other": 1}""")]
    public void Parse_NoReadings_IsNull(string json) => Assert.Null(Parse(json).Readings);

    [Theory]
    [InlineData("""{"readings": [""")]
    [InlineData("""[{"deviceId": "x"}]""")]
    [InlineData("""{"readings": [{"deviceId": "not-a-guid"}]}""")]
    [InlineData("""{"readings": [{"value": "12"}]}""")]
    [InlineData("""{"readings": [{"value": true}]}""")]
    [InlineData("""{"readings": [{"ts": "yesterday"}]}""")]
    [InlineData("""{"readings": [{"seq": 1.5}]}""")]
    [InlineData("""{"readings": [{"metric": 3}]}""")]
    [InlineData("""{"readings": {}}""")]
    [InlineData("""{"readings": []} {}""")]
    public void Parse_MalformedOrMistyped_Throws(string json) => Assert.ThrowsAny<JsonException>(() => Parse(json));
}
