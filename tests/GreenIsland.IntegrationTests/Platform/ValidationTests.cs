using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.SharedKernel.Organisations;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.IntegrationTests.Platform;

public abstract class ValidationTests(GreenIslandAppFactory factory)
{
    protected GreenIslandAppFactory App
    {
        get
        {
            factory.RequireDatabase();
            return factory;
        }
    }

    [Fact]
    public async Task MalformedJson_Is400WithABodyError_AndWritesNothing()
    {
        using var client = await AdminAsync();
        var before = await CountAsync();

        var problem = await client.PostRawAsync("/api/organisations", "{\"name\": \"半截", "application/json").ExpectJson(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["body"]);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task WrongType_Is400NamingTheField()
    {
        using var client = await AdminAsync();
        var organisation = await App.OrganisationAsync(OrganisationType.Enterprise);

        var problem = await client.PostRawAsync("/api/sites",
            $$"""{"organisationId":"{{organisation.Id}}","name":"二厂","address":"某路1号","townId":"{{App.District.TownA}}","latitude":"north","longitude":120.1,"industryClassCode":"3360"}""")
            .ExpectJson(HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]!["latitude"]);
        Assert.Equal(1, await App.WithDbAsync(db => db.Sites.IgnoreQueryFilters().CountAsync(s => s.OrganisationId == organisation.Id)));
    }

    [Fact]
    public async Task UnknownEnumValue_Is400NamingTheField()
    {
        using var client = await AdminAsync();
        var problem = await client.PostRawAsync("/api/organisations",
            $$"""{"name":"某公司","type":"Factory","creditCode":"{{Arrange.NewCreditCode()}}","townId":"{{App.District.TownA}}"}""").ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["type"]);
    }

    [Fact]
    public async Task OversizeBody_Is413WithABodyError_AndWritesNothing()
    {
        using var client = await AdminAsync();
        var before = await CountAsync();
        var huge = new string('绿', 600_000);

        var problem = await client.PostJsonAsync("/api/organisations", new { name = huge, type = "Enterprise", creditCode = Arrange.NewCreditCode(), townId = App.District.TownA.Value })
            .ExpectJson(HttpStatusCode.RequestEntityTooLarge);

        Assert.NotNull(problem["errors"]!["body"]);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task CreditCodeWithWrongCheckCharacter_Is400WithTheExpectedCharacter_AndWritesNothing()
    {
        using var client = await AdminAsync();
        var valid = Arrange.NewCreditCode();
        var wrongCheck = UnifiedSocialCreditCode.Alphabet[(UnifiedSocialCreditCode.Alphabet.IndexOf(valid[17], StringComparison.Ordinal) + 1) % 31];
        var invalid = valid[..17] + wrongCheck;
        var before = await CountAsync();

        var problem = await client.PostJsonAsync("/api/organisations", new { name = "校验位错误有限公司", type = "Enterprise", creditCode = invalid, townId = App.District.TownA.Value })
            .ExpectJson(HttpStatusCode.BadRequest);

        var reason = (string)problem["errors"]!["creditCode"]![0]!;
        Assert.Contains($"'{valid[17]}'", reason, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task MissingAndOutOfRangeFields_AreAllReportedAtOnce()
    {
        using var client = await AdminAsync();
        var organisation = await App.OrganisationAsync(OrganisationType.Enterprise);

        var problem = await client.PostJsonAsync("/api/sites", new { organisationId = organisation.Id.Value, latitude = 95.0, longitude = 120.0, industryClassCode = "9999" })
            .ExpectJson(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "name", "address", "townId", "latitude", "industryClassCode" })
        {
            Assert.True(errors.ContainsKey(field), $"missing error for {field}: {errors.ToJsonString()}");
        }
    }

    [Fact]
    public async Task QueryParameterOfTheWrongType_Is400NamingTheParameter()
    {
        using var client = await AdminAsync();
        var problem = await client.GetAsync("/api/organisations?page=abc").ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["page"]);
        var range = await client.GetAsync("/api/organisations?page=0&pageSize=100000").ExpectJson(HttpStatusCode.BadRequest);
        Assert.NotNull(range["errors"]!["page"]);
        Assert.NotNull(range["errors"]!["pageSize"]);
    }

    [Fact]
    public async Task DuplicateCreditCode_Is409AndWritesNothing()
    {
        using var client = await AdminAsync();
        var existing = await App.OrganisationAsync(OrganisationType.Enterprise);
        var before = await CountAsync();

        var problem = await client.PostJsonAsync("/api/organisations", new { name = "重复代码有限公司", type = "Enterprise", creditCode = existing.CreditCode, townId = App.District.TownA.Value })
            .ExpectJson(HttpStatusCode.Conflict);

        Assert.Equal("CreditCodeMustBeUnique", (string?)problem["title"]);
        Assert.Equal(before, await CountAsync());
    }

    private async Task<ApiClient> AdminAsync()
    {
        var (_, admin) = await App.MemberAsync(PlatformRoles.PlatformAdmin);
        return await App.SignedInAsync(admin);
    }

    private Task<int> CountAsync() => App.WithDbAsync(db => db.Organisations.IgnoreQueryFilters().CountAsync());
}

[Collection(SqliteCollection.Name)]
public sealed class ValidationTestsOnSqlite(SqliteAppFactory factory) : ValidationTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ValidationTestsOnPostgreSql(PostgresAppFactory factory) : ValidationTests(factory);
