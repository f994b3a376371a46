using System.Net;
using GreenIsland.IntegrationTests.Infrastructure;

namespace GreenIsland.IntegrationTests.Carbon;

/// <summary>Organisation B's carbon objects for the platform tenancy matrix (TenancyTests).</summary>
/// <param name="InventoryId">A calculated draft inventory of organisation B.</param>
/// <param name="SiteId">Organisation B's site.</param>
/// <param name="ActivityId">An activity record of organisation B.</param>
/// <param name="EvidenceId">An evidence file of that record.</param>
public sealed record CarbonTenancyTargets(Guid InventoryId, Guid SiteId, Guid ActivityId, Guid EvidenceId);

/// <summary>
/// Lets the platform's tenancy matrix call every Carbon endpoint against organisation B: it creates B's carbon
/// objects through B's own client, names them in routes and supplies request bodies that would change B's data.
/// Kept here so new Carbon endpoints are added to the matrix by the Carbon owner.
/// </summary>
public static class CarbonTenancyMatrix
{
    public static async Task<CarbonTenancyTargets> CreateAsync(ApiClient organisationBAdmin, Guid siteB)
    {
        ArgumentNullException.ThrowIfNull(organisationBAdmin);
        var activity = await organisationBAdmin.PostJsonAsync("/api/carbon/activities", new { siteId = siteB, month = "2022-01", kind = "PurchasedElectricity", quantity = 10m, unit = "MWh" })
            .ExpectJson(HttpStatusCode.Created);
        var activityId = Guid.Parse((string)activity["id"]!);
        var pdf = new ByteArrayContent("%PDF-1.4 乙厂发票"u8.ToArray());
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        var evidence = await organisationBAdmin.Http.PostAsync($"/api/carbon/activities/{activityId}/evidence", new MultipartFormDataContent { { pdf, "file", "invoice.pdf" } })
            .ExpectJson(HttpStatusCode.Created);
        var inventory = await organisationBAdmin.PostJsonAsync("/api/carbon/inventories",
            new { name = "乙厂清单", year = 2022, siteIds = new[] { siteB }, gridRegion = "CN-JS", gwpSet = "ipcc-gwp100-ar5" }).ExpectJson(HttpStatusCode.Created);
        var id = Guid.Parse((string)inventory["id"]!);
        await organisationBAdmin.PostJsonAsync($"/api/carbon/inventories/{id}/calculate", null).Expect(HttpStatusCode.OK);
        return new CarbonTenancyTargets(id, siteB, activityId, Guid.Parse((string)evidence["id"]!));
    }

    /// <summary>Names B's objects in a Carbon route pattern; other patterns are returned unchanged.</summary>
    public static string Route(string path, CarbonTenancyTargets targets)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(targets);
        return path.Replace("/api/carbon/inventories/{id}", $"/api/carbon/inventories/{targets.InventoryId}", StringComparison.Ordinal)
            .Replace("/api/carbon/activities/{id}", $"/api/carbon/activities/{targets.ActivityId}", StringComparison.Ordinal)
            .Replace("/api/carbon/evidence/{evidenceId}", $"/api/carbon/evidence/{targets.EvidenceId}", StringComparison.Ordinal);
    }

    /// <summary>A body for a Carbon endpoint key (<c>POST /api/carbon/...</c>) aimed at organisation B, or false for other endpoints.</summary>
    public static bool TryBody(string key, CarbonTenancyTargets targets, out object? body)
    {
        ArgumentNullException.ThrowIfNull(targets);
        body = key switch
        {
            "POST /api/carbon/activities" => new { siteId = targets.SiteId, month = "2022-02", kind = "PurchasedElectricity", quantity = 1m, unit = "MWh" },
            "POST /api/carbon/activities/import" => new { siteId = targets.SiteId, csv = "month,kind,activity_code,quantity,unit,note\n2022-02,PurchasedElectricity,,1,MWh,\n", importValidRows = true },
            "POST /api/carbon/cbam/installations" => CbamAndProductApiTests.Installation("CN-XQ-0001"),
            "POST /api/carbon/products" => new { code = "越权", name = "越权", productCategoryCpc = "42999", periodFrom = "2024-01-01", periodTo = "2024-12-31", allocationBasis = "Mass", electricityKwh = 1m, fuelKgCo2e = 0m, gwpSet = "ipcc-gwp100-ar6", outputs = new[] { new { code = "越权", massKg = 1m, economicValue = 1m, physicalMeasure = 0m } } },
            "POST /api/carbon/activities/import-meters" => new { siteId = targets.SiteId, from = "2022-01", to = "2022-12" },
            "POST /api/carbon/inventories" => new { name = "越权清单", year = 2022, siteIds = new[] { targets.SiteId }, gridRegion = "CN-JS", gwpSet = "ipcc-gwp100-ar5" },
            "PUT /api/carbon/outputs" => new { siteId = targets.SiteId, month = "2022-03", quantity = 1m, unit = "t", product = "越权产量" },
            "POST /api/carbon/factor-libraries" => new { code = "cn-grid-statistical", sourceDocument = "越权", csv = "factor_code,region,valid_from,valid_to,component,value,unit,source,confidence,note\nelectricity.grid,CN,2022-01-01,2022-12-31,CO2,9,tCO2/MWh,x,V,\n" },
            _ => null,
        };
        return body is not null || key.StartsWith("POST /api/carbon/inventories/{id}/", StringComparison.Ordinal);
    }
}
