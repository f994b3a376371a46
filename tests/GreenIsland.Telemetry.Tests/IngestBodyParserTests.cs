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
        using var body = Parse($$"""{"readings":[{"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T10:00:00.123456+08:00","value":12.5,"unit":"kg","seq":7}]}""");

        var r = Assert.Single(body.Readings);
        Assert.Equal((Device, "weight", 12.5, "kg", 7L), (r.DeviceId!.Value, r.Metric, r.Value!.Value, r.Unit, r.Sequence!.Value));
        Assert.Equal(new DateTime(2026, 11, 21, 2, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560), r.TimestampUtc);
        Assert.Equal(DateTimeKind.Utc, r.TimestampUtc!.Value.Kind);
        Assert.Equal(TimeSpan.FromHours(8), body.SentTimestamp(0)!.Value.Offset);
    }

    [Fact]
    public void Parse_AcceptsWhatTheWebDefaultsAccepted()
    {
        // Case-insensitive names, unknown members (nested too) skipped, null = missing, the last repeated member wins,
        // named floating-point literals, a null element.
        using var body = Parse($$"""
            {"extra": {"a": [1, {"b": 2}]}, "READINGS": [
              {"DeviceID": "{{Device}}", "Metric": "temperature", "TS": "2026-11-21T00:00:00Z", "Value": "NaN", "note": [1,2]},
              {"deviceId": null, "metric": "weight", "ts": null, "value": 1, "value": 2, "seq": null},
              {"deviceId": "{{Device}}", "metric": "custom_metric", "ts": "2026-11-21T00:00:00Z", "value": "-Infinity"},
              null
            ]}
            """);

        var readings = body.Readings;
        Assert.Equal(4, readings.Count);
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
    public void Parse_NoReadings_HasNone(string json)
    {
        using var body = Parse(json);
        Assert.False(body.HasReadings);
        Assert.Equal(0, body.Readings.Count);
    }

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

    [Fact]
    public void Parse_RepeatedSpellings_GiveTheSameValues_AndEscapedOnesAreStillDecoded()
    {
        // The parser reuses the previous reading's device id, metric and timestamp when spelt byte for byte alike;
        // a different spelling of the same instant, an escaped id and a different id must still be read exactly.
        var other = Guid.Parse("7c0e2a51-95d4-4d8b-8f0e-1b6a7c9d2e33");
        var escapedDevice = Device.ToString().Replace("0b9f", "\u0030b9f", StringComparison.Ordinal);
        using var body = Parse($$"""
            {"readings":[
              {"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T00:00:00Z","value":1},
              {"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T00:00:00Z","value":2},
              {"deviceId":"{{other}}","metric":"weig\u0068t","ts":"2026-11-21T08:00:00+08:00","value":3},
              {"deviceId":"{{escapedDevice}}","metric":"temperature","ts":"2026-11-21T00:00:01Z","value":4},
              {"deviceId":"{{Device}}","metric":"temperature","ts":"2026-11-21T00:00:01Z","value":5}
            ]}
            """);

        var r = body.Readings;
        var t0 = new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(
            [(Device, "weight", t0), (Device, "weight", t0), (other, "weight", t0), (Device, "temperature", t0.AddSeconds(1)), (Device, "temperature", t0.AddSeconds(1))],
            r.Select(x => (x.DeviceId!.Value, x.Metric!, x.TimestampUtc!.Value)));
        Assert.Equal(TimeSpan.FromHours(8), body.SentTimestamp(2)!.Value.Offset);
        Assert.Equal(TimeSpan.Zero, body.SentTimestamp(1)!.Value.Offset);
        Assert.Null(body.SentTimestamp(5));
    }

    [Fact]
    public void Parse_MoreReadingsThanTheInitialCapacity_KeepsEveryOneInOrder()
    {
        // 5,001 readings: past the pooled arrays' first growth (1,024) several times; the endpoint rejects the batch
        // as a whole on the count, so the parser must count them all.
        var items = string.Join(",", Enumerable.Range(0, 5_001).Select(i =>
            $$"""{"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T00:00:{{i % 60:00}}Z","value":{{i}}}"""));
        using var body = Parse($$"""{"readings":[{{items}}]}""");

        Assert.Equal(5_001, body.Count);
        Assert.Equal(Enumerable.Range(0, 5_001).Select(i => (double)i), body.Readings.Select(r => r.Value!.Value));
        Assert.Equal(new DateTime(2026, 11, 21, 0, 0, 59, DateTimeKind.Utc), body.Readings[59].TimestampUtc);
    }

    [Fact]
    public void Parse_ABodyInSeveralSegments_ReadsLikeOneBuffer()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"readings":[{"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T00:00:00Z","value":1.5},{"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T00:00:01Z","value":2.5}]}""");
        var first = new Segment(json.AsMemory(0, 37));
        var last = first.Append(json.AsMemory(37, 40)).Append(json.AsMemory(77));
        using var body = IngestBodyParser.Parse(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));

        Assert.Equal([1.5, 2.5], body.Readings.Select(r => r.Value!.Value));
        Assert.All(body.Readings, r => Assert.Equal(Device, r.DeviceId));
    }

    [Theory]
    [InlineData("""{"readings": [{"seq": 99999999999999999999}]}""")]
    [InlineData("""{"readings": [{"deviceId": "0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e2"}]}""")]
    [InlineData("""{"readings": [{"ts": "2026-11-21T25:00:00Z"}]}""")]
    [InlineData("""{"readings": [{"value": 1,}]}""")]
    [InlineData("""{"readings": [{"value": NaN}]}""")]
    [InlineData("""{"readings": [1]}""")]
    [InlineData("""{"readings": [{"unit": 1}]}""")]
    [InlineData("""{"readings": [{"deviceId": "0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e22"}, {"deviceId": 5}]}""")]
    [InlineData("")]
    public void Parse_OutOfRangeNumbersAndBadTokens_Throw(string json) => Assert.ThrowsAny<JsonException>(() => Parse(json));

    [Theory]
    [InlineData("""{"read#ings": []}""")]
    [InlineData("""{"readings": [{"met#ric": "weight"}]}""")]
    [InlineData("""{"readings": [{"metric": "wei#ght"}]}""")]
    [InlineData("""{"readings": [{"unit": "k#g"}]}""")]
    [InlineData("""{"readings": [{"metric": "\u0077#"}]}""")]
    public void Parse_InvalidUtf8InAString_ThrowsJsonException(string json)
    {
        // '#' stands for a byte that is never valid UTF-8; the reader only notices when the string is turned into text.
        var bytes = Encoding.UTF8.GetBytes(json);
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xFF;

        var e = Assert.Throws<JsonException>(() => IngestBodyParser.Parse(new ReadOnlySequence<byte>(bytes)));
        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeNumbersAndRepeatedReadings_AreReadForPerReadingValidation()
    {
        // 1e308 is a valid double (rejected later as out of range), 1e400 overflows to infinity (rejected later as
        // not_finite, like "Infinity"); duplicates in a batch are the validator's business.
        using var body = Parse($$"""
            {"readings":[
              {"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T00:00:00Z","value":1e308},
              {"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T00:00:00Z","value":1e308},
              {"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T00:00:00Z"},
              {"deviceId":"{{Device}}","metric":"weight","ts":"2026-11-21T00:00:01Z","value":-1e400}
            ]}
            """);

        Assert.Equal(new double?[] { 1e308, 1e308, null, double.NegativeInfinity }, body.Readings.Select(r => r.Value));
        Assert.Equal(4, body.Count);
    }

    [Fact]
    public void Parse_ARepeatedReadingsMember_TheLastWins()
    {
        using var body = Parse($$"""{"readings":[{"value":1},{"value":2}],"readings":[{"value":3}]}""");

        Assert.Equal([3.0], body.Readings.Select(r => r.Value!.Value));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
