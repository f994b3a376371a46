using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Domain;
using GreenIsland.Waste.Features.ServiceAgreements;

namespace GreenIsland.Waste.Tests;

public sealed class ServiceAgreementTests
{
    private static ServiceAgreement Agreement(DateOnly from, DateOnly? to) =>
        ServiceAgreement.Sign(OrganisationId.New(), OrganisationId.New(), JurisdictionId.New(), JurisdictionId.New(), from, to, " HT-2026-001 ", "user:test",
            new DateTime(2026, 11, 21, 8, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void IsInForceOn_IncludesBothEndDates()
    {
        var agreement = Agreement(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

        Assert.False(agreement.IsInForceOn(new DateOnly(2025, 12, 31)));
        Assert.True(agreement.IsInForceOn(new DateOnly(2026, 1, 1)));
        Assert.True(agreement.IsInForceOn(new DateOnly(2026, 12, 31)));
        Assert.False(agreement.IsInForceOn(new DateOnly(2027, 1, 1)));
        Assert.Equal("HT-2026-001", agreement.ContractNumber);
    }

    [Theory]
    [InlineData("2025-06-01", "2025-12-31", false)]
    [InlineData("2025-06-01", "2026-01-01", true)]
    [InlineData("2026-12-31", null, true)]
    [InlineData("2027-01-01", null, false)]
    public void Overlaps_ComparesInclusivePeriods(string from, string? to, bool expected)
    {
        var agreement = Agreement(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));

        Assert.Equal(expected, agreement.Overlaps(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture),
            to is null ? null : DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void End_CanOnlyShortenAnAgreement()
    {
        var agreement = Agreement(new DateOnly(2026, 1, 1), new DateOnly(2026, 6, 30));

        var lengthen = Assert.Throws<DomainRuleViolationException>(() => agreement.End(new DateOnly(2026, 7, 31), "续签"));
        Assert.Equal("AgreementCanOnlyBeShortened", lengthen.Rule);
        Assert.Throws<DomainRuleViolationException>(() => agreement.End(new DateOnly(2025, 12, 31), "错误"));

        agreement.End(new DateOnly(2026, 3, 31), "合同提前终止");
        Assert.Equal(new DateOnly(2026, 3, 31), agreement.ValidTo);
        Assert.Equal("合同提前终止", agreement.EndReason);
    }

    [Fact]
    public void Today_IsTheChinaStandardTimeDate()
    {
        // 2026-11-21 16:30 UTC is already 2026-11-22 00:30 in Beijing.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 21, 16, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 11, 22), WasteTime.Today(clock));
        Assert.Equal(new DateTime(2026, 11, 21, 16, 0, 0, DateTimeKind.Utc), WasteTime.StartOfDayUtc(new DateOnly(2026, 11, 22)));
    }
}
