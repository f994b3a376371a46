using System.Text.Json;
using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Outbox;

namespace GreenIsland.Telemetry.Tests;

public sealed class OutboxPayloadTests
{
    private static readonly Guid Site = Guid.Parse("0195a3b0-0000-7000-8000-000000000001");
    private static readonly Guid OtherSite = Guid.Parse("0195a3b0-0000-7000-8000-000000000002");

    private static ReadingsAccepted Event(int devices)
    {
        var start = new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc).AddTicks(1234567); // sub-millisecond ticks survive
        var series = new List<AcceptedSeries>();
        for (var d = 0; d < devices; d++)
        {
            var device = Guid.CreateVersion7(start.AddSeconds(d));
            var site = d % 2 == 0 ? Site : OtherSite;
            series.Add(new AcceptedSeries(device, site, MetricCodes.FillRatio, "1", 5, start.AddSeconds(d), start.AddSeconds(d + 4), 0.1 + (d / 1000.0), null));
            series.Add(new AcceptedSeries(device, site, MetricCodes.Temperature, "Cel", 5, start, start.AddSeconds(4), -12.345678901234567, null));
            series.Add(new AcceptedSeries(device, site, MetricCodes.EnergyImport, "kWh", 3, start.AddMinutes(-3), start.AddMinutes(-1), 123456.789, 0.0));
            series.Add(new AcceptedSeries(device, site, MetricCodes.GasVolume, "m3", 2, start.AddMinutes(-10), start, 98765.4321, 1.0 / 3));
        }

        return new ReadingsAccepted
        {
            EventId = Guid.CreateVersion7(start),
            OccurredAtUtc = start.AddSeconds(5),
            OrganisationId = Guid.Parse("0195a3b0-0000-7000-8000-0000000000aa"),
            Series = series,
        };
    }

    [Fact]
    public void CompactPayload_RoundTripsEveryField()
    {
        var original = Event(devices: 50);
        var message = OutboxSerializer.ToMessage(original);
        Assert.Equal(nameof(ReadingsAccepted), message.Type);
        Assert.StartsWith(ReadingsAcceptedCodec.Prefix, message.Payload, StringComparison.Ordinal);

        var read = Assert.IsType<ReadingsAccepted>(OutboxSerializer.FromMessage(message.Type, message.Payload));
        Assert.Equal(original.EventId, read.EventId);
        Assert.Equal(original.OccurredAtUtc, read.OccurredAtUtc);
        Assert.Equal(DateTimeKind.Utc, read.OccurredAtUtc.Kind);
        Assert.Equal(original.OrganisationId, read.OrganisationId);
        Assert.Equal(original.Series, read.Series); // records: every field, in order, including units and consumption
        Assert.All(read.Series, s => Assert.Equal(DateTimeKind.Utc, s.LastTimestampUtc.Kind));
    }

    [Fact]
    public void CompactPayload_IsAFractionOfTheEventAsPlainJson()
    {
        var e = Event(devices: 50);
        var plain = JsonSerializer.Serialize(e, OutboxJsonContext.Default.ReadingsAccepted);
        var compact = OutboxSerializer.ToMessage(e).Payload;
        Assert.True(compact.Length * 3 < plain.Length, $"compact {compact.Length} chars, plain {plain.Length}");
    }

    [Fact]
    public void PayloadsWrittenInTheFirstFormat_AreStillRead()
    {
        var original = Event(devices: 3);
        var plain = JsonSerializer.Serialize(original, OutboxJsonContext.Default.ReadingsAccepted);

        var read = Assert.IsType<ReadingsAccepted>(OutboxSerializer.FromMessage(nameof(ReadingsAccepted), plain));
        Assert.Equal(original.EventId, read.EventId);
        Assert.Equal(original.Series, read.Series);
    }

    [Fact]
    public void EmptySeries_RoundTrips()
    {
        var original = Event(devices: 0);
        var read = Assert.IsType<ReadingsAccepted>(OutboxSerializer.FromMessage(nameof(ReadingsAccepted), OutboxSerializer.ToMessage(original).Payload));
        Assert.Empty(read.Series);
        Assert.Equal(original.EventId, read.EventId);
    }

    [Theory]
    [InlineData("{\"v\":2,\"eventId\":\"0195a3b0-0000-7000-8000-000000000001\"}")] // fields missing
    [InlineData("{\"v\":2,\"eventId\":\"0195a3b0-0000-7000-8000-000000000001\",\"occurredAtUtc\":\"2026-11-21T08:00:00Z\",\"organisationId\":\"0195a3b0-0000-7000-8000-000000000001\",\"base\":0,\"devices\":[],\"series\":[[0,1,1,0,0,0.5]]}")] // device index out of range
    [InlineData("{\"v\":2,\"eventId\":\"0195a3b0-0000-7000-8000-0000")] // truncated
    public void MalformedCompactPayload_FailsLoudly(string payload) =>
        Assert.ThrowsAny<Exception>(() => OutboxSerializer.FromMessage(nameof(ReadingsAccepted), payload));
}
