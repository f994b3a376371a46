using System.Buffers;
using System.Text;
using System.Text.Json;
using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Features.Ingest;

/// <summary>
/// The readings of an ingest body, and each reading's timestamp as sent (for the rejection list). The arrays are
/// rented from <see cref="ArrayPool{T}.Shared"/> (a batch of 1,000 readings would otherwise allocate ~90 KB twice on
/// the large object heap per request, which drives background gen-2 collections); <see cref="Dispose"/> returns
/// them, so the readings must not be used afterwards.
/// </summary>
internal sealed class ParsedIngestBody : IDisposable
{
    private IncomingReading[]? readings;
    private DateTimeOffset?[]? sent;

    internal ParsedIngestBody(IncomingReading[]? readings, DateTimeOffset?[]? sent, int count)
    {
        this.readings = readings;
        this.sent = sent;
        Count = count;
    }

    /// <summary>False when the body had no <c>readings</c> member or it was <c>null</c>.</summary>
    public bool HasReadings => readings is not null;

    public int Count { get; }

    /// <summary>The readings in request order (empty when <see cref="HasReadings"/> is false).</summary>
    public ArraySegment<IncomingReading> Readings => readings is null ? ArraySegment<IncomingReading>.Empty : new(readings, 0, Count);

    /// <summary>The timestamp of reading <paramref name="index"/> as sent (with its offset), or null when absent.</summary>
    public DateTimeOffset? SentTimestamp(int index) => (uint)index < (uint)Count ? sent![index] : null;

    public void Dispose()
    {
        if (readings is not null)
        {
            ArrayPool<IncomingReading>.Shared.Return(readings);
            ArrayPool<DateTimeOffset?>.Shared.Return(sent!);
            (readings, sent) = (null, null);
        }
    }
}

/// <summary>
/// Reads <c>{"readings": [{"deviceId", "metric", "ts", "value", "unit", "seq"}, ...]}</c> straight into
/// <see cref="IncomingReading"/> values with a <see cref="Utf8JsonReader"/> over one contiguous buffer: no
/// intermediate objects, the metric codes and units of the catalogue are matched as UTF-8 and not allocated, and a
/// device id or timestamp spelt exactly like the previous reading's is not parsed again (gateways send readings
/// grouped by device or by instant). Accepts what the System.Text.Json web defaults accepted (case-insensitive names,
/// unknown members skipped, null = missing, the last of repeated members wins, <c>"NaN"</c>/<c>"Infinity"</c>/
/// <c>"-Infinity"</c> as values so they can be rejected per reading); anything else throws
/// <see cref="JsonException"/> (a 400 for the whole request).
/// </summary>
internal static partial class IngestBodyParser
{
    private const int InitialCapacity = 1024;

    private static readonly (byte[] Utf8, string Text)[] KnownStrings =
    [
        .. MetricCatalogue.All.Select(m => m.Code).Concat(MetricCatalogue.All.Select(m => m.Unit)).Distinct()
            .Select(s => (Encoding.UTF8.GetBytes(s), s)),
    ];

    public static ParsedIngestBody Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment)
        {
            return Parse(body.FirstSpan);
        }

        var length = checked((int)body.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            body.CopyTo(buffer);
            return Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The common form (<see cref="TryParseCommonForm"/>) without a tokenizer; anything else, and every malformed body,
    /// through <see cref="ParseAnyForm"/>, whose result or error is the answer.
    /// </summary>
    public static ParsedIngestBody Parse(ReadOnlySpan<byte> body) => TryParseCommonForm(body) ?? ParseAnyForm(body);

    /// <summary>Every accepted form, with a <see cref="Utf8JsonReader"/>; malformed or mistyped input throws <see cref="JsonException"/>.</summary>
    internal static ParsedIngestBody ParseAnyForm(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        Read(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            End(ref reader);
            return new ParsedIngestBody(null, null, 0);
        }

        Expect(ref reader, JsonTokenType.StartObject);
        var result = new Builder();
        try
        {
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                if (reader.ValueTextEquals("readings"u8) || NameIs(ref reader, "readings"))
                {
                    Read(ref reader);
                    result.Reset();
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        ReadArray(ref reader, body, ref result);
                    }
                }
                else
                {
                    Read(ref reader);
                    reader.Skip();
                }
            }

            End(ref reader);
            return result.Build();
        }
        catch
        {
            result.Reset();
            throw;
        }
    }

    /// <summary>Pooled, growing arrays of the readings and their sent timestamps.</summary>
    private struct Builder
    {
        private IncomingReading[]? readings;
        private DateTimeOffset?[]? sent;
        private int count;

        public void Start()
        {
            readings = ArrayPool<IncomingReading>.Shared.Rent(InitialCapacity);
            sent = ArrayPool<DateTimeOffset?>.Shared.Rent(InitialCapacity);
            count = 0;
        }

        public void Add(in IncomingReading reading, DateTimeOffset? ts)
        {
            if (count == readings!.Length)
            {
                var biggerReadings = ArrayPool<IncomingReading>.Shared.Rent(count * 2);
                var biggerSent = ArrayPool<DateTimeOffset?>.Shared.Rent(count * 2);
                readings.AsSpan(0, count).CopyTo(biggerReadings);
                sent.AsSpan(0, count).CopyTo(biggerSent);
                ArrayPool<IncomingReading>.Shared.Return(readings);
                ArrayPool<DateTimeOffset?>.Shared.Return(sent!);
                (readings, sent) = (biggerReadings, biggerSent);
            }

            readings[count] = reading;
            sent![count] = ts;
            count++;
        }

        /// <summary>Returns the arrays (a repeated <c>readings</c> member: the last one wins).</summary>
        public void Reset()
        {
            if (readings is not null)
            {
                ArrayPool<IncomingReading>.Shared.Return(readings);
                ArrayPool<DateTimeOffset?>.Shared.Return(sent!);
                (readings, sent, count) = (null, null, 0);
            }
        }

        public readonly ParsedIngestBody Build() => new(readings, sent, count);
    }

    private static void ReadArray(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ref Builder result)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        result.Start();

        // The previous reading's device id and timestamp as spelt in the body (offset, length), and their values.
        var (lastDeviceAt, lastDeviceLength, lastDevice) = (-1, 0, Guid.Empty);
        var (lastTsAt, lastTsLength, lastTs) = (-1, 0, default(DateTimeOffset));
        string? lastMetric = null;
        var (lastMetricAt, lastMetricLength) = (-1, 0);
        while (true)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                result.Add(default, null);
                continue;
            }

            Expect(ref reader, JsonTokenType.StartObject);
            Guid? deviceId = null;
            string? metric = null, unit = null;
            DateTimeOffset? ts = null;
            double? value = null;
            long? seq = null;
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }

                var member = Member(ref reader);
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.Null)
                {
                    switch (member)
                    {
                        case Field.DeviceId:
                            deviceId = null;
                            break;
                        case Field.Metric:
                            metric = null;
                            break;
                        case Field.Unit:
                            unit = null;
                            break;
                        case Field.Ts:
                            ts = null;
                            break;
                        case Field.Value:
                            value = null;
                            break;
                        case Field.Seq:
                            seq = null;
                            break;
                    }

                    continue;
                }

                switch (member)
                {
                    case Field.DeviceId:
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            throw Invalid("deviceId", "a GUID");
                        }

                        if (SameAsBefore(ref reader, body, lastDeviceAt, lastDeviceLength))
                        {
                            deviceId = lastDevice;
                        }
                        else if (reader.TryGetGuid(out var g))
                        {
                            deviceId = lastDevice = g;
                            (lastDeviceAt, lastDeviceLength) = Position(ref reader);
                        }
                        else
                        {
                            throw Invalid("deviceId", "a GUID");
                        }

                        break;
                    case Field.Metric:
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            throw Invalid("metric", "a string");
                        }

                        if (lastMetric is not null && SameAsBefore(ref reader, body, lastMetricAt, lastMetricLength))
                        {
                            metric = lastMetric;
                        }
                        else
                        {
                            metric = lastMetric = String(ref reader);
                            (lastMetricAt, lastMetricLength) = Position(ref reader);
                        }

                        break;
                    case Field.Unit:
                        unit = reader.TokenType == JsonTokenType.String ? String(ref reader) : throw Invalid("unit", "a string");
                        break;
                    case Field.Ts:
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            throw Invalid("ts", "an ISO 8601 timestamp");
                        }

                        if (SameAsBefore(ref reader, body, lastTsAt, lastTsLength))
                        {
                            ts = lastTs;
                        }
                        else if (reader.TryGetDateTimeOffset(out var t))
                        {
                            ts = lastTs = t;
                            (lastTsAt, lastTsLength) = Position(ref reader);
                        }
                        else
                        {
                            throw Invalid("ts", "an ISO 8601 timestamp");
                        }

                        break;
                    case Field.Value:
                        value = Number(ref reader);
                        break;
                    case Field.Seq:
                        seq = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s) ? s : throw Invalid("seq", "an integer");
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            result.Add(new IncomingReading(deviceId, metric, ts?.UtcDateTime, value, unit, seq), ts);
        }
    }

    /// <summary>
    /// Whether the current string token is spelt byte for byte like the one at <paramref name="at"/> (an earlier
    /// token of the same body). Escaped strings are always parsed.
    /// </summary>
    private static bool SameAsBefore(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, int at, int length) =>
        at >= 0 && !reader.ValueIsEscaped && reader.ValueSpan.Length == length && reader.ValueSpan.SequenceEqual(body.Slice(at, length));

    /// <summary>Where the current (unescaped) string token's content lies in the body; (-1, 0) for escaped ones.</summary>
    private static (int At, int Length) Position(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? (-1, 0) : ((int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);

    private enum Field
    {
        Other,
        DeviceId,
        Metric,
        Ts,
        Value,
        Unit,
        Seq,
    }

    private static Field Member(ref Utf8JsonReader reader)
    {
        // Exact (camelCase) names first: that is what every client sends; then case-insensitively.
        if (reader.ValueTextEquals("deviceId"u8))
        {
            return Field.DeviceId;
        }

        if (reader.ValueTextEquals("metric"u8))
        {
            return Field.Metric;
        }

        if (reader.ValueTextEquals("ts"u8))
        {
            return Field.Ts;
        }

        if (reader.ValueTextEquals("value"u8))
        {
            return Field.Value;
        }

        var name = Text(ref reader);
        return name?.ToUpperInvariant() switch
        {
            "DEVICEID" => Field.DeviceId,
            "METRIC" => Field.Metric,
            "TS" => Field.Ts,
            "VALUE" => Field.Value,
            "UNIT" => Field.Unit,
            "SEQ" => Field.Seq,
            _ => Field.Other,
        };
    }

    private static bool NameIs(ref Utf8JsonReader reader, string name) =>
        string.Equals(Text(ref reader), name, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The token's text. <see cref="Utf8JsonReader"/> does not check the bytes inside a string while reading; turning
    /// them into text does, and throws <see cref="InvalidOperationException"/> on invalid UTF-8. That is malformed input
    /// (a 400), so it is reported as a <see cref="JsonException"/> like every other.
    /// </summary>
    private static string? Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException e) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            throw new JsonException($"A string at byte {reader.TokenStartIndex} is not valid UTF-8.", e);
        }
    }

    /// <summary>A string token; the catalogue's metric codes and units are returned as the interned constants.</summary>
    private static string String(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            var span = reader.ValueSpan;
            foreach (var (utf8, text) in KnownStrings)
            {
                if (span.SequenceEqual(utf8))
                {
                    return text;
                }
            }
        }

        return Text(ref reader)!;
    }

    private static double Number(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d))
        {
            return d;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("NaN"u8))
            {
                return double.NaN;
            }

            if (reader.ValueTextEquals("Infinity"u8))
            {
                return double.PositiveInfinity;
            }

            if (reader.ValueTextEquals("-Infinity"u8))
            {
                return double.NegativeInfinity;
            }
        }

        throw Invalid("value", "a number (or \"NaN\", \"Infinity\", \"-Infinity\")");
    }

    private static void Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ends unexpectedly.");
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} but found {reader.TokenType} at byte {reader.TokenStartIndex}.");
        }
    }

    private static void End(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException($"Unexpected content after the JSON value at byte {reader.TokenStartIndex}.");
        }
    }

    private static JsonException Invalid(string field, string expected) => new($"'{field}' must be {expected}.");
}
