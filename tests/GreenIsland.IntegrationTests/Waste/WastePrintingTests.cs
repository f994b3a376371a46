using System.Net;
using GreenIsland.IntegrationTests.Carbon;
using GreenIsland.IntegrationTests.Infrastructure;

namespace GreenIsland.IntegrationTests.Waste;

/// <summary>The container label PDF through the API: its text, and the 503 answer when no CJK font is installed.</summary>
public abstract class WastePrintingTests(GreenIslandAppFactory factory)
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
    public async Task LabelPdf_ShowsTheContainersFieldsAndCode()
    {
        var enterprise = await App.EnterpriseWithCabinetAsync();
        var stream = await enterprise.StreamAsync("900-249-08", "废矿物油", "Combustible");
        var deposited = await enterprise.Admin.PostJsonAsync("/api/waste/containers",
            new { cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = stream, weightKg = 18.25m, volumeLitres = 200 }).ExpectJson(HttpStatusCode.Created);

        var response = await enterprise.Admin.GetAsync($"/api/waste/containers/{(string)deposited["id"]!}/label.pdf").Expect(HttpStatusCode.OK);

        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = PdfText.Read(await response.Content.ReadAsByteArrayAsync()).All;
        Assert.Contains("危险废物", text, StringComparison.Ordinal);
        Assert.Contains("900-249-08", text, StringComparison.Ordinal);
        Assert.Contains("18.25 kg", text, StringComparison.Ordinal);
        Assert.Contains(enterprise.Organisation.Name, text, StringComparison.Ordinal);
        Assert.Contains("数字识别码：" + (string)deposited["code"]!, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelPdf_WithoutACjkFont_Is503NamingThePackage()
    {
        await using var isolated = await App.CreateIsolatedAsync(("Waste:Pdf:FontPath", "/nonexistent/NotoSansCJK-Regular.ttc"));
        var enterprise = await isolated.EnterpriseWithCabinetAsync();
        var stream = await enterprise.StreamAsync("900-249-08", "废矿物油", "Combustible");
        var deposited = await enterprise.Admin.PostJsonAsync("/api/waste/containers",
            new { cabinetId = enterprise.CabinetId, compartmentNumber = 1, streamId = stream, weightKg = 5m, volumeLitres = 20 }).ExpectJson(HttpStatusCode.Created);

        var problem = await enterprise.Admin.GetAsync($"/api/waste/containers/{(string)deposited["id"]!}/label.pdf").ExpectJson(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("PdfFontUnavailable", (string?)problem["title"]);
        Assert.Contains("fonts-noto-cjk", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("Waste:Pdf:FontPath", (string)problem["detail"]!, StringComparison.Ordinal);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class WastePrintingTestsOnSqlite(SqliteAppFactory factory) : WastePrintingTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class WastePrintingTestsOnPostgreSql(PostgresAppFactory factory) : WastePrintingTests(factory);
