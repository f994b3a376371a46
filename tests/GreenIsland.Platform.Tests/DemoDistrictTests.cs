using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Demo;
using GreenIsland.Platform.Reference;
using GreenIsland.SharedKernel.Organisations;

namespace GreenIsland.Platform.Tests;

public sealed class DemoDistrictTests
{
    [Fact]
    public void Generate_IsDeterministic()
    {
        var first = DemoDistrict.Generate();
        var second = DemoDistrict.Generate();

        Assert.Equal(first.Organisations, second.Organisations);
        Assert.Equal(first.Sites, second.Sites);
        Assert.Equal(first.TownIds, second.TownIds);
    }

    [Fact]
    public void Generate_HasThePlannedComposition()
    {
        var data = DemoDistrict.Generate();

        Assert.Equal(DemoDistrict.EnterpriseCount, data.Organisations.Count(o => o.Type == OrganisationType.Enterprise));
        Assert.Equal(3, data.Organisations.Count(o => o.Type == OrganisationType.Collector));
        Assert.Equal(2, data.Organisations.Count(o => o.Type == OrganisationType.DisposalFacility));
        Assert.Single(data.Organisations, o => o.Type == OrganisationType.Operator);
        Assert.InRange(DemoDistrict.Towns.Count, 8, 12);
        Assert.Equal(data.Organisations.Count, data.Organisations.Select(o => o.Name).Distinct().Count());
    }

    [Fact]
    public void Generate_CreditCodesAreValidUniqueAndInTheDistrict()
    {
        var codes = DemoDistrict.Generate().Organisations.Select(o => o.CreditCode).ToList();

        Assert.All(codes, c => Assert.True(UnifiedSocialCreditCode.TryParse(c, out _, out var reason), reason));
        Assert.All(codes, c => Assert.Equal(DemoDistrict.Code, c[2..8]));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void Generate_SitesLieInTheDistrictAndUseCatalogueClasses()
    {
        var data = DemoDistrict.Generate();

        Assert.All(data.Sites, s =>
        {
            Assert.InRange(s.Latitude, 31.5, 31.9);
            Assert.InRange(s.Longitude, 119.8, 120.3);
            Assert.True(IndustryClassCatalogue.TryGetClass(s.IndustryClassCode, out _), s.IndustryClassCode);
        });
        Assert.All(data.Organisations.Where(o => o.Type == OrganisationType.Enterprise), o => Assert.Contains(data.Sites, s => s.OrganisationId == o.Id));
    }

    [Fact]
    public void OrganisationCodeCheck_FollowsGb11714()
    {
        // D2143569 is the worked example commonly used for GB 11714: check digit X.
        Assert.Equal('X', DemoDistrict.OrganisationCodeCheck("D2143569"));
    }

    [Fact]
    public void IndustryCatalogue_EveryClassHasItsDivisionAndGroup()
    {
        var codes = IndustryClassCatalogue.All.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var industryClass in IndustryClassCatalogue.All.Where(c => c.Level == IndustryClassLevel.Class))
        {
            Assert.Equal(4, industryClass.Code.Length);
            Assert.Contains(industryClass.Code[..2], codes);
            Assert.Contains(industryClass.Code[..3], codes);
        }
    }
}
