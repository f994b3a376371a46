using GreenIsland.Telemetry.Contracts;
using GreenIsland.Telemetry.Domain;

namespace GreenIsland.Telemetry.Tests;

public sealed class ReadingValidatorTests
{
    private static readonly DateTime Now = new(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Org = Guid.NewGuid();
    private static readonly Guid OtherOrg = Guid.NewGuid();
    private static readonly Guid Site = Guid.NewGuid();
    private static readonly Guid OtherSite = Guid.NewGuid();
    private static readonly IngestLimits Limits = new(TimeSpan.FromMinutes(5), TimeSpan.FromDays(7));

    private static readonly DeviceProfile Cabinet = Device(DeviceType.StorageCabinet, Org, Site);
    private static readonly DeviceProfile Meter = Device(DeviceType.ElectricityMeter, Org, Site);
    private static readonly DeviceProfile Gateway = Device(DeviceType.Gateway, Org, Site);
    private static readonly DeviceProfile CabinetElsewhere = Device(DeviceType.StorageCabinet, Org, OtherSite);
    private static readonly DeviceProfile ForeignCabinet = Device(DeviceType.StorageCabinet, OtherOrg, OtherSite);
    private static readonly DeviceProfile Retired = Device(DeviceType.StorageCabinet, Org, Site, active: false);

    private static DeviceProfile Device(DeviceType type, Guid org, Guid site, bool active = true) =>
        new(Guid.NewGuid(), org, site, type, TimeSpan.FromMinutes(5), 1_000_000, active);

    private static DeviceProfile? Find(Guid id) =>
        new[] { Cabinet, Meter, Gateway, CabinetElsewhere, ForeignCabinet, Retired }.FirstOrDefault(d => d.DeviceId == id);

    private static IngestActor ActorFor(DeviceProfile d) => new(d.DeviceId, d.OrganisationId, d.SiteId, d.IsGateway);

    private static BatchValidation Validate(DeviceProfile actor, params IncomingReading[] readings) =>
        ReadingValidator.Validate(readings, ActorFor(actor), Find, Now, Limits);

    private static IncomingReading Reading(DeviceProfile d, string metric, double value, DateTime? ts = null, string? unit = null) =>
        new(d.DeviceId, metric, ts ?? Now.AddMinutes(-1), value, unit, null);

    private static RejectionReason SingleRejection(BatchValidation v)
    {
        Assert.Empty(v.Valid);
        return Assert.Single(v.Rejected).Reason;
    }

    [Fact]
    public void Validate_WhenReadingIsGood_AcceptsItWithMetricIdAndMicrosecondTimestamp()
    {
        var ts = new DateTime(2026, 11, 21, 7, 59, 0, DateTimeKind.Utc).AddTicks(1234567);
        var v = Validate(Cabinet, Reading(Cabinet, MetricCodes.FillRatio, 0.42, ts, "1"));

        var valid = Assert.Single(v.Valid);
        Assert.Empty(v.Rejected);
        Assert.Equal(MetricCatalogue.Get(MetricCodes.FillRatio).Id, valid.MetricId);
        Assert.Equal(ts.AddTicks(-7), valid.TimestampUtc);
    }

    [Fact]
    public void Validate_WhenDeviceIsUnknown_RejectsUnknownDevice() =>
        Assert.Equal(RejectionReason.UnknownDevice,
            SingleRejection(Validate(Gateway, new IncomingReading(Guid.NewGuid(), MetricCodes.Weight, Now, 1, null, null))));

    [Fact]
    public void Validate_WhenDeviceBelongsToAnotherOrganisation_ReportsItAsUnknown() =>
        Assert.Equal(RejectionReason.UnknownDevice, SingleRejection(Validate(Gateway, Reading(ForeignCabinet, MetricCodes.Weight, 1))));

    [Fact]
    public void Validate_WhenPlainDeviceReportsForSibling_RejectsNotPermitted() =>
        Assert.Equal(RejectionReason.DeviceNotPermitted, SingleRejection(Validate(Meter, Reading(Cabinet, MetricCodes.Weight, 1))));

    [Fact]
    public void Validate_WhenGatewayReportsForDeviceOfItsSite_Accepts() =>
        Assert.Single(Validate(Gateway, Reading(Cabinet, MetricCodes.Weight, 1)).Valid);

    [Fact]
    public void Validate_WhenGatewayReportsForDeviceOfAnotherSite_RejectsNotPermitted() =>
        Assert.Equal(RejectionReason.DeviceNotPermitted, SingleRejection(Validate(Gateway, Reading(CabinetElsewhere, MetricCodes.Weight, 1))));

    [Fact]
    public void Validate_WhenDeviceIsDeactivated_Rejects() =>
        Assert.Equal(RejectionReason.DeviceInactive, SingleRejection(Validate(Gateway, Reading(Retired, MetricCodes.Weight, 1))));

    [Fact]
    public void Validate_WhenMetricIsUnknown_RejectsUnknownMetric() =>
        Assert.Equal(RejectionReason.UnknownMetric, SingleRejection(Validate(Cabinet, Reading(Cabinet, "pressure", 1))));

    [Fact]
    public void Validate_WhenDeviceTypeDoesNotReportMetric_Rejects() =>
        Assert.Equal(RejectionReason.MetricNotReportedByDevice, SingleRejection(Validate(Cabinet, Reading(Cabinet, MetricCodes.EnergyImport, 1))));

    [Fact]
    public void Validate_WhenUnitDiffersFromCatalogue_RejectsWrongUnit() =>
        Assert.Equal(RejectionReason.WrongUnit, SingleRejection(Validate(Cabinet, Reading(Cabinet, MetricCodes.Weight, 1, unit: "g"))));

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Validate_WhenValueIsNotFinite_RejectsNotFinite(double value) =>
        Assert.Equal(RejectionReason.NotFinite, SingleRejection(Validate(Cabinet, Reading(Cabinet, MetricCodes.Temperature, value))));

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    public void Validate_WhenFillRatioOutsideZeroToOne_RejectsOutOfRange(double value) =>
        Assert.Equal(RejectionReason.OutOfRange, SingleRejection(Validate(Cabinet, Reading(Cabinet, MetricCodes.FillRatio, value))));

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Validate_WhenFillRatioAtBounds_Accepts(double value) =>
        Assert.Single(Validate(Cabinet, Reading(Cabinet, MetricCodes.FillRatio, value)).Valid);

    [Fact]
    public void Validate_WhenTimestampMoreThanFiveMinutesAhead_RejectsFuture()
    {
        Assert.Equal(RejectionReason.TimestampInFuture,
            SingleRejection(Validate(Cabinet, Reading(Cabinet, MetricCodes.Weight, 1, Now.AddMinutes(5).AddSeconds(1)))));
        Assert.Single(Validate(Cabinet, Reading(Cabinet, MetricCodes.Weight, 1, Now.AddMinutes(5))).Valid);
    }

    [Fact]
    public void Validate_WhenTimestampOlderThanHorizon_RejectsTooOld()
    {
        Assert.Equal(RejectionReason.TimestampTooOld,
            SingleRejection(Validate(Cabinet, Reading(Cabinet, MetricCodes.Weight, 1, Now.AddDays(-7).AddSeconds(-1)))));
        Assert.Single(Validate(Cabinet, Reading(Cabinet, MetricCodes.Weight, 1, Now.AddDays(-7))).Valid);
    }

    [Fact]
    public void Validate_WhenFieldMissing_RejectsMissingField() =>
        Assert.Equal(RejectionReason.MissingField,
            SingleRejection(Validate(Cabinet, new IncomingReading(Cabinet.DeviceId, MetricCodes.Weight, null, 1, null, null))));

    [Fact]
    public void Validate_WhenBatchMixesGoodAndBad_KeepsGoodAndReportsEveryBadWithItsIndex()
    {
        var v = Validate(Cabinet,
            Reading(Cabinet, MetricCodes.Weight, 10, Now.AddMinutes(-3)),
            Reading(Cabinet, MetricCodes.FillRatio, 7),
            Reading(Cabinet, MetricCodes.Weight, 11, Now.AddMinutes(-2)),
            Reading(Cabinet, "nope", 1));

        Assert.Equal([0, 2], v.Valid.Select(r => r.Index));
        Assert.Equal([(1, RejectionReason.OutOfRange), (3, RejectionReason.UnknownMetric)], v.Rejected.Select(r => (r.Index, r.Reason)));
    }

    [Fact]
    public void Validate_WhenSameReadingTwiceInBatch_KeepsFirstAndCountsDuplicate()
    {
        var ts = Now.AddMinutes(-1);
        var v = Validate(Cabinet, Reading(Cabinet, MetricCodes.Weight, 10, ts), Reading(Cabinet, MetricCodes.Weight, 12, ts));

        Assert.Equal(10, Assert.Single(v.Valid).Value);
        Assert.Equal(1, v.DuplicatesWithinBatch);
    }
}
