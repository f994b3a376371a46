using GreenIsland.Carbon.Domain.Cbam;
using GreenIsland.SharedKernel.Results;

namespace GreenIsland.Carbon.Tests;

public sealed class CbamCalculatorTests
{
    private static readonly CbamElectricityFactor CountryDefault = new(CbamElectricitySource.GridCountryDefault, 0.5366m, "test factor");

    [Fact]
    public void SimpleGood_SeeIsAttributedEmissionsOverActivityLevel_DirectAndIndirectSeparately()
    {
        // Direct 1,850 t / 1,000 t = 1.85; indirect 450 MWh x 0.5366 = 241.47 t / 1,000 t = 0.24147.
        var see = CbamCalculator.Calculate(new CbamProduction("72081000", 1_000m, 1_850m, 450m, CountryDefault, []));

        Assert.Equal(1.85m, see.Direct);
        Assert.Equal(0.24147m, see.Indirect);
        Assert.Equal(2.09147m, see.Total);
    }

    [Fact]
    public void ComplexGood_AddsPrecursorMassTimesPrecursorSee()
    {
        // Direct (200 + 1,050 t x 1.85) / 1,000 = 2.1425; indirect (100 MWh x 0.5366 + 1,050 x 0.24147) / 1,000 = (53.66 + 253.5435) / 1,000 = 0.3072035 -> 0.30720.
        var see = CbamCalculator.Calculate(new CbamProduction("73181500", 1_000m, 200m, 100m, CountryDefault,
            [new CbamPrecursorUse("72081000", 1_050m, 1.85m, 0.24147m)]));

        Assert.Equal(2.1425m, see.Direct);
        Assert.Equal(0.3072035m, see.IndirectExact);
        Assert.Equal(0.30720m, see.Indirect);
    }

    [Fact]
    public void Rounding_IsHalfAwayFromZeroToFiveDecimals()
    {
        // 5 t / 200,000 t = 0.000025 exactly, a midpoint: half away from zero gives 0.00003 (banker's rounding would give 0.00002).
        var see = CbamCalculator.Calculate(new CbamProduction("25231000", 200_000m, 5m, 0m, CountryDefault, []));

        Assert.Equal(0.000025m, see.DirectExact);
        Assert.Equal(0.00003m, see.Direct);
    }

    [Fact]
    public void EmbeddedEmissions_AreComputedFromTheReportedSee() =>
        Assert.Equal(4.18294m, CbamCalculator.EmbeddedEmissions(2.09147m, 2m));

    [Fact]
    public void GreenCertificates_AreRefused()
    {
        var error = Assert.Throws<DomainRuleViolationException>(() => CbamCalculator.Calculate(new CbamProduction("72081000", 1m, 1m, 1m,
            new CbamElectricityFactor(CbamElectricitySource.GreenCertificate, 0m, "GEC"), [])));
        Assert.Equal("CbamDoesNotAcceptGreenCertificates", error.Rule);
    }

    [Fact]
    public void PpaFactor_WithoutItsSource_IsRefused() =>
        Assert.Equal("GeneratorFactorNeedsItsSource", Assert.Throws<DomainRuleViolationException>(() => CbamCalculator.Calculate(
            new CbamProduction("72081000", 1m, 1m, 1m, new CbamElectricityFactor(CbamElectricitySource.PowerPurchaseAgreement, 0.1m, " "), []))).Rule);

    [Fact]
    public void ZeroActivityLevel_IsRefused() =>
        Assert.Equal("ActivityLevelMustBePositive", Assert.Throws<DomainRuleViolationException>(() =>
            CbamCalculator.Calculate(new CbamProduction("72081000", 0m, 1m, 1m, CountryDefault, []))).Rule);
}
