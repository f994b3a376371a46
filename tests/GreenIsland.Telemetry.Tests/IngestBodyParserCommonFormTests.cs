using System.Globalization;
using System.Text;
using System.Text.Json;
using GreenIsland.Telemetry.Features.Ingest;

namespace GreenIsland.Telemetry.Tests;

/// <summary>
/// The parser's fast path (<see cref="IngestBodyParser.TryParseCommonForm"/>) must read exactly what the general
/// parser (<see cref="IngestBodyParser.ParseAnyForm"/>) reads, and leave everything else - every malformed body
/// included - to it.
/// </summary>
public sealed class IngestBodyParserCommonFormTests
{
    private static readonly string[] Numbers =
    [
        "0", "1", "-1", "12.5", "0.1", "0.3", "-0.7", "100", "0.000001", "123456789012345", "999999999999999",
        "1234567890123456", "12345678901234567890", "0.1234567890123456789", "3.141592653589793", "9007199254740993",
        "1e3", "1E-3", "-2.5e+2", "1e400", "-1e400", "5e-324", "1e308", "1.7976931348623157e308", "-0", "-0.0", "0.0",
        "2.2250738585072014E-308", "4.9406564584124654E-324", "1e-400", "100.25", "0.30000000000000004",
    ];

    private static readonly string[] Timestamps =
    [
        "2026-11-21T10:00:00Z", "2026-11-21T10:00:00.1Z", "2026-11-21T10:00:00.123Z", "2026-11-21T10:00:00.1234567Z",
        "2026-11-21T10:00:00.123456789Z", "2026-11-21T10:00:00+08:00", "2026-11-21T10:00:00.5-05:30", "2026-11-21T10:00:00",
        "2026-11-21T10:00Z", "2026-11-21", "2026-02-28T23:59:59.9999999+14:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "2026-11-21T10:00:00-00:00", "2026-11-21T10:00:00+0800", "2026-11-21T10:00:00z",
    ];

    // The spellings the general parser accepts (the others make a whole body malformed).
    private static readonly string[] ValidTimestamps = [.. Timestamps.Where(t =>
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes($"\"{t}\""));
        return reader.Read() && reader.TryGetDateTimeOffset(out _);
    })];

    private static readonly Guid[] Devices =
    [
        Guid.Parse("0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e22"), Guid.Parse("7c0e2a51-95d4-4d8b-8f0e-1b6a7c9d2e33"), Guid.Empty,
    ];

    private static readonly string[] Metrics = ["fill_ratio", "weight", "temperature", "custom_metric", "energy_import"];

    private static readonly string[] Units = ["kg", "Cel", "1", "%", "furlongs"];

    private static readonly string[] Spaces = ["", " ", "\n  ", "\t", "\r\n"];

    [Fact]
    public void CommonForm_ReadsExactlyWhatTheGeneralParserReads()
    {
        var random = new Random(20261122);
        for (var body = 0; body < 300; body++)
        {
            var json = RandomBody(random, random.Next(0, 40), random.Next(3) == 0);
            using var fast = IngestBodyParser.TryParseCommonForm(json);
            using var general = IngestBodyParser.ParseAnyForm(json);
            Assert.NotNull(fast);
            AssertSame(general, fast, Encoding.UTF8.GetString(json));
        }
    }

    [Fact]
    public void CommonForm_Numbers_AreBitForBitTheReadersDoubles()
    {
        var random = new Random(7);
        var texts = new List<string>(Numbers);
        for (var i = 0; i < 20_000; i++)
        {
            var integerDigits = random.Next(1, 12);
            var fractionDigits = random.Next(0, 10);
            var integer = integerDigits == 1 ? random.Next(0, 10).ToString(CultureInfo.InvariantCulture) : Digits(random, integerDigits, leadingNonZero: true);
            texts.Add((random.Next(4) == 0 ? "-" : "") + integer + (fractionDigits > 0 ? "." + Digits(random, fractionDigits, leadingNonZero: false) : ""));
            texts.Add((random.NextDouble() * Math.Pow(10, random.Next(-8, 9))).ToString("R", CultureInfo.InvariantCulture));
        }

        foreach (var text in texts)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var reader = new Utf8JsonReader(bytes);
            Assert.True(reader.Read());
            var expected = reader.TryGetDouble(out var d) ? d : (double?)null;
            var p = 0;
            var actual = IngestBodyParser.CommonNumber(bytes, ref p, out var v) ? v : (double?)null;
            Assert.True(Bits(expected) == Bits(actual), $"{text}: reader {expected:R}, fast path {actual:R}");
            if (actual is not null)
            {
                Assert.Equal(bytes.Length, p);
            }
        }
    }

    [Theory]
    [InlineData("""{"readings":[{"DeviceId":"0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e22"}]}""")]
    [InlineData("""{"READINGS":[]}""")]
    [InlineData("""{"readings":[{"metric":"weight","note":1}]}""")]
    [InlineData("""{"readings":[{"metric":null}]}""")]
    [InlineData("""{"readings":[{"metric":"weig\u0068t"}]}""")]
    [InlineData("""{"readings":[{"value":"NaN"}]}""")]
    [InlineData("""{"readings":[{"unit":"°C"}]}""")]
    [InlineData("""{"readings":null}""")]
    [InlineData("""{"other":1,"readings":[]}""")]
    [InlineData("""{"readings":[],"other":1}""")]
    [InlineData("""{"readings":[null]}""")]
    [InlineData("""{"readings":[{"seq":12345678901234567890}]}""")]
    [InlineData("""{"readings":[{"seq":1e3}]}""")]
    [InlineData("null")]
    public void CommonForm_LeavesEveryOtherValidFormToTheGeneralParser(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.Null(IngestBodyParser.TryParseCommonForm(bytes));
        var general = Record.Exception(() => IngestBodyParser.ParseAnyForm(bytes).Dispose());
        var parsed = Record.Exception(() => IngestBodyParser.Parse(bytes).Dispose());
        Assert.Equal(general?.Message, parsed?.Message);
    }

    [Fact]
    public void Parse_EveryTruncationOfAValidBody_IsMalformed_WithTheGeneralParsersMessage()
    {
        var json = Encoding.UTF8.GetBytes(
            """{ "readings" : [ {"deviceId":"0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e22","metric":"weight","ts":"2026-11-21T10:00:00.5+08:00","value":-12.25e1,"unit":"kg","seq":7}, {"value":1, "seq":-3} ,{} ] }""");
        using (var whole = IngestBodyParser.TryParseCommonForm(json))
        {
            Assert.Equal(3, whole!.Count);
        }

        for (var length = 0; length < json.Length; length++)
        {
            var prefix = json.AsSpan(0, length).ToArray();
            Assert.Null(IngestBodyParser.TryParseCommonForm(prefix));
            var expected = Assert.ThrowsAny<JsonException>(() => IngestBodyParser.ParseAnyForm(prefix));
            var actual = Assert.ThrowsAny<JsonException>(() => IngestBodyParser.Parse(prefix));
            Assert.Equal(expected.Message, actual.Message);
        }
    }

    [Fact]
    public void CommonForm_MutatedBodies_AreReadAsTheGeneralParserReadsThem_OrLeftToIt()
    {
        // Single-byte edits of valid bodies: whatever the fast path accepts, the general parser reads identically;
        // whatever the general parser rejects, the fast path does not accept.
        byte[] replacements = [(byte)'"', (byte)'\\', (byte)',', (byte)'}', (byte)']', (byte)'{', (byte)'[', (byte)' ', (byte)'0',
            (byte)'9', (byte)'-', (byte)'+', (byte)'.', (byte)'e', (byte)'x', (byte)'n', (byte)':', 0x01, 0xC3, 0x7F];
        var random = new Random(11);
        var accepted = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var json = RandomBody(random, random.Next(1, 4), random.Next(2) == 0, onlyValid: false).ToList();
            var at = random.Next(json.Count);
            switch (random.Next(3))
            {
                case 0:
                    json[at] = replacements[random.Next(replacements.Length)];
                    break;
                case 1:
                    json.RemoveAt(at);
                    break;
                default:
                    json.Insert(at, replacements[random.Next(replacements.Length)]);
                    break;
            }

            var bytes = json.ToArray();
            using var fast = IngestBodyParser.TryParseCommonForm(bytes);
            ParsedIngestBody? general = null;
            try
            {
                general = IngestBodyParser.ParseAnyForm(bytes);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // (InvalidOperationException: invalid UTF-8 in a member name, which the general parser transcodes.)
                Assert.Null(fast);
            }

            using (general)
            {
                if (fast is not null)
                {
                    accepted++;
                    AssertSame(general!, fast, Encoding.UTF8.GetString(bytes));
                }
            }
        }

        Assert.InRange(accepted, 100, 3_900); // both outcomes were exercised
    }

    [Theory]
    [InlineData("deviceId", "\"0B9F6F1E-3C1A-4F51-9A57-3D7C2A0F1E22\"")]
    [InlineData("deviceId", "\"{0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e22}\"")]
    [InlineData("deviceId", "\"0b9f6f1e3c1a4f519a573d7c2a0f1e22\"")]
    [InlineData("deviceId", "\"0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e2g\"")]
    [InlineData("deviceId", "\"0b9f6f1e-3c1a-4f51-9a57_3d7c2a0f1e22\"")]
    [InlineData("deviceId", "\" 0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e2\"")]
    [InlineData("deviceId", "\"+b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e22\"")]
    [InlineData("deviceId", "\"0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e22 \"")]
    [InlineData("value", "1.")]
    [InlineData("value", ".5")]
    [InlineData("value", "01")]
    [InlineData("value", "1e")]
    [InlineData("value", "1e+")]
    [InlineData("value", "-")]
    [InlineData("value", "--1")]
    [InlineData("value", "+1")]
    [InlineData("value", "0x10")]
    [InlineData("value", "1_000")]
    [InlineData("value", "Infinity")]
    [InlineData("value", "1.5E3")]
    [InlineData("value", "-0.000")]
    [InlineData("value", "100000000000000000000000")]
    [InlineData("value", "\"12\"")]
    [InlineData("seq", "-0")]
    [InlineData("seq", "007")]
    [InlineData("seq", "999999999999999999")]
    [InlineData("seq", "9223372036854775807")]
    [InlineData("seq", "-9223372036854775808")]
    [InlineData("seq", "9223372036854775808")]
    [InlineData("seq", "1.0")]
    [InlineData("ts", "\"2026-11-21T10:00:00+08:00\"")]
    [InlineData("ts", "\"2026-11-21T24:00:00Z\"")]
    [InlineData("ts", "\"2026-02-30T10:00:00Z\"")]
    [InlineData("ts", "\"2026-11-21 10:00:00Z\"")]
    [InlineData("ts", "\"2026-11-21T10:00:00.12345678901234567Z\"")]
    [InlineData("ts", "\"2026-11-21T10:00:60Z\"")]
    [InlineData("ts", "\"2026-11-21T10:00:00+15:00\"")]
    [InlineData("metric", "\"we\u0001ight\"")]
    [InlineData("unit", "\"k\tg\"")]
    [InlineData("unit", "\"\"")]
    public void CommonForm_UnusualSpellings_AreReadAsTheGeneralParserReadsThem_OrLeftToIt(string member, string value)
    {
        var json = Encoding.UTF8.GetBytes($$"""{"readings":[{"deviceId":"0b9f6f1e-3c1a-4f51-9a57-3d7c2a0f1e22","{{member}}":{{value}}},{"{{member}}":{{value}}}]}""");
        using var fast = IngestBodyParser.TryParseCommonForm(json);
        ParsedIngestBody general;
        try
        {
            general = IngestBodyParser.ParseAnyForm(json);
        }
        catch (JsonException)
        {
            Assert.Null(fast);
            return;
        }

        using (general)
        {
            if (fast is not null)
            {
                AssertSame(general, fast, Encoding.UTF8.GetString(json));
            }
        }
    }

    private static byte[] RandomBody(Random random, int count, bool spaced, bool onlyValid = true)
    {
        string Space() => spaced ? Spaces[random.Next(Spaces.Length)] : "";
        var json = new StringBuilder();
        json.Append(Space()).Append('{').Append(Space()).Append("\"readings\"").Append(Space()).Append(':').Append(Space()).Append('[');
        for (var i = 0; i < count; i++)
        {
            var members = new List<string>();
            var device = Devices[random.Next(Devices.Length)].ToString();
            device = random.Next(4) == 0 ? device.ToUpperInvariant() : device;
            if (random.Next(10) > 0)
            {
                members.Add($"\"deviceId\"{Space()}:{Space()}\"{device}\"");
            }

            if (random.Next(10) > 0)
            {
                members.Add($"\"metric\":{Space()}\"{Metrics[random.Next(Metrics.Length)]}\"");
            }

            if (random.Next(10) > 0)
            {
                var timestamps = onlyValid ? ValidTimestamps : Timestamps;
                members.Add($"\"ts\":\"{timestamps[random.Next(timestamps.Length)]}\"");
            }

            if (random.Next(10) > 0)
            {
                members.Add($"\"value\":{Space()}{Numbers[random.Next(Numbers.Length)]}");
            }

            if (random.Next(3) == 0)
            {
                members.Add($"\"unit\":\"{Units[random.Next(Units.Length)]}\"");
            }

            if (random.Next(3) == 0)
            {
                members.Add($"\"seq\":{random.NextInt64(-1_000_000_000_000, 1_000_000_000_000_000_000)}");
            }

            if (random.Next(8) == 0 && members.Count > 0)
            {
                members.Add(members[random.Next(members.Count)].Replace("\"value\":", "\"value\": 1,\"value\":", StringComparison.Ordinal)); // repeated member
            }

            var order = members.OrderBy(_ => random.Next()).ToList();
            json.Append(i == 0 ? "" : "," + Space()).Append('{').Append(Space()).Append(string.Join("," + Space(), order)).Append(Space()).Append('}');
        }

        json.Append(Space()).Append(']').Append(Space()).Append('}').Append(Space());
        return Encoding.UTF8.GetBytes(json.ToString());
    }

    private static string Digits(Random random, int count, bool leadingNonZero)
    {
        var s = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            s.Append((char)('0' + (i == 0 && leadingNonZero ? random.Next(1, 10) : random.Next(0, 10))));
        }

        return s.ToString();
    }

    private static long? Bits(double? d) => d is { } v ? BitConverter.DoubleToInt64Bits(v) : null;

    private static void AssertSame(ParsedIngestBody expected, ParsedIngestBody actual, string json)
    {
        Assert.Equal(expected.HasReadings, actual.HasReadings);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected.Readings[i], actual.Readings[i]);
            Assert.True(e.DeviceId == a.DeviceId && e.Metric == a.Metric && e.TimestampUtc == a.TimestampUtc
                && e.TimestampUtc?.Kind == a.TimestampUtc?.Kind && Bits(e.Value) == Bits(a.Value) && e.Unit == a.Unit && e.Sequence == a.Sequence,
                $"reading {i} of {json}: expected {e}, got {a}");
            var (es, @as) = (expected.SentTimestamp(i), actual.SentTimestamp(i));
            Assert.True(es == @as && es?.Offset == @as?.Offset, $"sent timestamp {i} of {json}: expected {es:O}, got {@as:O}");
        }
    }
}
