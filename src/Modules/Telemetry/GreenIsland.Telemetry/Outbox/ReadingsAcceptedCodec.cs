using System.Buffers;
using System.Text;
using System.Text.Json;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Outbox;

/// <summary>
/// The outbox payload of <see cref="ReadingsAccepted"/> (format 2): the same information as the event, without
/// repeating per series what is shared. One ingest batch carries ~200 series; as plain JSON (property names, two
/// GUIDs, metric code, unit and two ISO instants per series) that was ~40 KB, written and compressed by the database
/// for every batch, then read back, decompressed and parsed by the dispatcher. Here it is ~4x smaller:
/// <code>
/// {"v":2,"eventId":"…","occurredAtUtc":"…","organisationId":"…","base":T,
///  "devices":[["deviceId","siteId"],…],
///  "series":[[deviceIndex,metricId,count,firstOffset,lastOffset,lastValue(,consumption)],…]}
/// </code>
/// <c>metricId</c> is the catalogue id (the key of every reading row, never renumbered); code and unit are the
/// catalogue's. Instants are UTC ticks: <c>base</c> plus the offsets. <c>consumption</c> is present exactly for
/// cumulative metrics. Messages written before (format 1, the event serialised as is) are still read.
/// </summary>
internal static class ReadingsAcceptedCodec
{
    /// <summary>Every format-2 payload starts with this (format 1 starts with <c>{"eventId"</c>).</summary>
    public const string Prefix = "{\"v\":2,";

    public static string Write(ReadingsAccepted e)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (e.Series.Count * 64));
        using (var w = new Utf8JsonWriter(buffer))
        {
            var devices = new Dictionary<Guid, int>();
            var deviceList = new List<(Guid DeviceId, Guid SiteId)>();
            var baseTicks = long.MaxValue;
            foreach (var s in e.Series)
            {
                if (devices.TryAdd(s.DeviceId, deviceList.Count))
                {
                    deviceList.Add((s.DeviceId, s.SiteId));
                }

                baseTicks = Math.Min(baseTicks, s.FirstTimestampUtc.Ticks);
            }

            if (e.Series.Count == 0)
            {
                baseTicks = 0;
            }

            w.WriteStartObject();
            w.WriteNumber("v"u8, 2);
            w.WriteString("eventId"u8, e.EventId);
            w.WriteString("occurredAtUtc"u8, e.OccurredAtUtc);
            w.WriteString("organisationId"u8, e.OrganisationId);
            w.WriteNumber("base"u8, baseTicks);
            w.WriteStartArray("devices"u8);
            foreach (var (deviceId, siteId) in deviceList)
            {
                w.WriteStartArray();
                w.WriteStringValue(deviceId);
                w.WriteStringValue(siteId);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteStartArray("series"u8);
            foreach (var s in e.Series)
            {
                var metric = MetricCatalogue.Get(s.Metric);
                if (deviceList[devices[s.DeviceId]].SiteId != s.SiteId)
                {
                    throw new InvalidOperationException($"Device {s.DeviceId} appears with two sites in one event.");
                }

                w.WriteStartArray();
                w.WriteNumberValue(devices[s.DeviceId]);
                w.WriteNumberValue(metric.Id);
                w.WriteNumberValue(s.Count);
                w.WriteNumberValue(s.FirstTimestampUtc.Ticks - baseTicks);
                w.WriteNumberValue(s.LastTimestampUtc.Ticks - baseTicks);
                w.WriteNumberValue(s.LastValue);
                if (metric.IsCumulative)
                {
                    w.WriteNumberValue(s.Consumption ?? 0);
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static ReadingsAccepted Read(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var r = new Utf8JsonReader(bytes);
        Guid? eventId = null, organisationId = null;
        DateTime? occurredAt = null;
        long? baseTicks = null;
        var devices = new List<(Guid DeviceId, Guid SiteId)>();
        var rows = new List<(int Device, short Metric, int Count, long First, long Last, double Value, double? Consumption)>();
        Expect(ref r, JsonTokenType.StartObject);
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            var name = r.GetString();
            Next(ref r);
            switch (name)
            {
                case "v":
                    if (r.GetInt32() != 2)
                    {
                        throw Bad("unknown format version");
                    }

                    break;
                case "eventId":
                    eventId = r.GetGuid();
                    break;
                case "occurredAtUtc":
                    occurredAt = DateTime.SpecifyKind(r.GetDateTime(), DateTimeKind.Utc);
                    break;
                case "organisationId":
                    organisationId = r.GetGuid();
                    break;
                case "base":
                    baseTicks = r.GetInt64();
                    break;
                case "devices":
                    Require(r.TokenType, JsonTokenType.StartArray);
                    while (Next(ref r) == JsonTokenType.StartArray)
                    {
                        Next(ref r);
                        var deviceId = r.GetGuid();
                        Next(ref r);
                        var siteId = r.GetGuid();
                        Expect(ref r, JsonTokenType.EndArray);
                        devices.Add((deviceId, siteId));
                    }

                    break;
                case "series":
                    Require(r.TokenType, JsonTokenType.StartArray);
                    while (Next(ref r) == JsonTokenType.StartArray)
                    {
                        Next(ref r);
                        var device = r.GetInt32();
                        Next(ref r);
                        var metric = r.GetInt16();
                        Next(ref r);
                        var count = r.GetInt32();
                        Next(ref r);
                        var first = r.GetInt64();
                        Next(ref r);
                        var last = r.GetInt64();
                        Next(ref r);
                        var value = r.GetDouble();
                        double? consumption = null;
                        if (Next(ref r) == JsonTokenType.Number)
                        {
                            consumption = r.GetDouble();
                            Next(ref r);
                        }

                        Require(r.TokenType, JsonTokenType.EndArray);
                        rows.Add((device, metric, count, first, last, value, consumption));
                    }

                    break;
                default:
                    r.Skip();
                    break;
            }
        }

        if (eventId is null || occurredAt is null || organisationId is null || baseTicks is null)
        {
            throw Bad("missing eventId, occurredAtUtc, organisationId or base");
        }

        var series = new List<AcceptedSeries>(rows.Count);
        foreach (var (device, metricId, count, first, last, value, consumption) in rows)
        {
            if (device < 0 || device >= devices.Count)
            {
                throw Bad($"device index {device} out of range");
            }

            var metric = MetricCatalogue.Get(metricId);
            var (deviceId, siteId) = devices[device];
            series.Add(new AcceptedSeries(deviceId, siteId, metric.Code, metric.Unit, count,
                new DateTime(baseTicks.Value + first, DateTimeKind.Utc), new DateTime(baseTicks.Value + last, DateTimeKind.Utc),
                value, metric.IsCumulative ? consumption ?? 0 : null));
        }

        return new ReadingsAccepted
        {
            EventId = eventId.Value,
            OccurredAtUtc = occurredAt.Value,
            OrganisationId = organisationId.Value,
            Series = series,
        };
    }

    private static JsonTokenType Next(ref Utf8JsonReader r) =>
        r.Read() ? r.TokenType : throw Bad("truncated");

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type) => Require(Next(ref r), type);

    private static void Require(JsonTokenType actual, JsonTokenType expected)
    {
        if (actual != expected)
        {
            throw Bad($"expected {expected}, found {actual}");
        }
    }

    private static InvalidOperationException Bad(string reason) => new($"Malformed ReadingsAccepted outbox payload: {reason}.");
}
