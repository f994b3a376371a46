using System.Buffers;
using System.Text.Json;
using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Features.Ingest;

/// <summary>The readings of an ingest body, and each reading's timestamp as sent (for the rejection list).</summary>
internal sealed record ParsedIngestBody(IncomingReading[]? Readings, DateTimeOffset?[] SentTimestamps);

/// <summary>
/// Reads <c>{"readings": [{"deviceId", "metric", "ts", "value", "unit", "seq"}, ...]}</c> straight into
/// <see cref="IncomingReading"/> values with a <see cref="Utf8JsonReader"/>: no intermediate objects, and the
/// metric codes and units of the catalogue are matched as UTF-8 and not allocated. Accepts what the
/// System.Text.Json web defaults accepted (case-insensitive names, unknown members skipped, null = missing,
/// the last of repeated members wins, <c>"NaN"</c>/<c>"Infinity"</c>/<c>"-Infinity"</c> as values so they can be
/// rejected per reading); anything else throws <see cref="JsonException"/> (a 400 for the whole request).
/// </summary>
internal static class IngestBodyParser
{
    private static readonly string[] KnownStrings = [.. MetricCatalogue.All.Select(m => m.Code), .. MetricCatalogue.All.Select(m => m.Unit).Distinct()];

    public static ParsedIngestBody Parse(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        Read(ref reader);
        if (reader.TokenType == JsonTokenType.Null)
        {
            End(ref reader);
            return new ParsedIngestBody(null, []);
        }

        Expect(ref reader, JsonTokenType.StartObject);
        IncomingReading[]? readings = null;
        DateTimeOffset?[] sent = [];
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
                (readings, sent) = reader.TokenType == JsonTokenType.Null ? (null, []) : ReadArray(ref reader);
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }

        End(ref reader);
        return new ParsedIngestBody(readings, sent);
    }

    private static (IncomingReading[], DateTimeOffset?[]) ReadArray(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var readings = new List<IncomingReading>(1024);
        var sent = new List<DateTimeOffset?>(1024);
        while (true)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return ([.. readings], [.. sent]);
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                readings.Add(default);
                sent.Add(null);
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
                var isNull = reader.TokenType == JsonTokenType.Null;
                switch (member)
                {
                    case Field.DeviceId:
                        deviceId = isNull ? null : reader.TokenType == JsonTokenType.String && reader.TryGetGuid(out var g) ? g : throw Invalid("deviceId", "a GUID");
                        break;
                    case Field.Metric:
                        metric = isNull ? null : String(ref reader, "metric");
                        break;
                    case Field.Unit:
                        unit = isNull ? null : String(ref reader, "unit");
                        break;
                    case Field.Ts:
                        ts = isNull ? null : reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var t) ? t : throw Invalid("ts", "an ISO 8601 timestamp");
                        break;
                    case Field.Value:
                        value = isNull ? null : Number(ref reader);
                        break;
                    case Field.Seq:
                        seq = isNull ? null : reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s) ? s : throw Invalid("seq", "an integer");
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            readings.Add(new IncomingReading(deviceId, metric, ts?.UtcDateTime, value, unit, seq));
            sent.Add(ts);
        }
    }

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

        var name = reader.GetString();
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
        string.Equals(reader.GetString(), name, StringComparison.OrdinalIgnoreCase);

    private static string String(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Invalid(field, "a string");
        }

        foreach (var known in KnownStrings)
        {
            if (reader.ValueTextEquals(known))
            {
                return known;
            }
        }

        return reader.GetString()!;
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
