using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;

namespace GreenIsland.IntegrationTests.Carbon;

public abstract class CbamApiTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    private static object Request(string electricitySource = "GridCountryDefault", string cnCode = "73181500") => new
    {
        installation = new { installationId = "CN-GI-0001", name = "绿岛钢构厂", country = "CN", city = "Changzhou", address = "Green Island Road 1" },
        periodFrom = "2025-01-01",
        periodTo = "2025-12-31",
        goods = new object[]
        {
            new
            {
                cnCode, description = "Screws and bolts", productionRoute = "cold forming", activityLevelTonnes = 1_000m, attributedDirectTco2e = 200m,
                electricityConsumedMwh = 100m, electricitySource, electricityFactorTco2PerMwh = 0.5366m, electricityFactorSource = "China grid average (test)",
                precursors = new[] { new { cnCode = "72081000", massTonnes = 1_050m, seeDirect = 1.85m, seeIndirect = 0.24147m } },
            },
        },
    };

    [Fact]
    public async Task SupplierCommunication_ComplexGood_HasHandComputedSee()
    {
        var (_, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await App.SignedInAsync(user);

        var result = await client.PostJsonAsync("/api/carbon/cbam/supplier-communication", Request()).ExpectJson(HttpStatusCode.OK);

        // Direct (200 + 1,050 x 1.85) / 1,000 = 2.1425; indirect (100 x 0.5366 + 1,050 x 0.24147) / 1,000 = 0.3072035 -> 0.30720.
        var good = result["goods"]![0]!;
        Assert.Equal("Complex", (string?)good["goodType"]);
        Assert.Equal(2.1425m, good["specificEmbeddedEmissions"]!["direct"]!.GetValue<decimal>());
        Assert.Equal(0.3072m, good["specificEmbeddedEmissions"]!["indirect"]!.GetValue<decimal>());
        Assert.Equal(0.1m, good["electricity"]!["consumedMwhPerTonne"]!.GetValue<decimal>());
        Assert.Contains("half away from zero", (string)result["roundingRule"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SupplierCommunication_WithGreenCertificates_IsRefused()
    {
        var (_, user) = await App.MemberAsync(PlatformRoles.EnterpriseAdmin);
        using var client = await App.SignedInAsync(user);

        var problem = await client.PostJsonAsync("/api/carbon/cbam/supplier-communication", Request("GreenCertificate")).ExpectJson(HttpStatusCode.Conflict);

        Assert.Equal("CbamDoesNotAcceptGreenCertificates", (string?)problem["title"]);
    }

    [Fact]
    public async Task SupplierCommunication_BadCnCode_IsAFieldError()
    {
        var (_, user) = await App.MemberAsync(PlatformRoles.EnterpriseStaff);
        using var client = await App.SignedInAsync(user);

        var problem = await client.PostJsonAsync("/api/carbon/cbam/supplier-communication", Request(cnCode: "7318")).ExpectJson(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["goods[0].cnCode"]);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CbamApiTestsOnSqlite(SqliteAppFactory factory) : CbamApiTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class CbamApiTestsOnPostgreSql(PostgresAppFactory factory) : CbamApiTests(factory);
