using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Reference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GreenIsland.Platform.Features.Reference;

internal sealed record IndustryClassResponse(string Code, string Name, string NameEn, IndustryClassLevel Level);

internal static class ListIndustryClasses
{
    public static IEndpointRouteBuilder MapListIndustryClasses(this IEndpointRouteBuilder api)
    {
        api.MapGet("/reference/industry-classes", Handle)
            .WithName("ListIndustryClasses")
            .WithSummary("GB/T 4754-2017 industry classes used on the platform; q filters by code prefix or name.")
            .WithTags("Reference")
            .RequireTenancy(TenancyRule.SignedIn);
        return api;
    }

    private static Ok<List<IndustryClassResponse>> Handle(string? q)
    {
        var query = q?.Trim();
        var items = IndustryClassCatalogue.All
            .Where(c => string.IsNullOrEmpty(query)
                        || c.Code.StartsWith(query, StringComparison.Ordinal)
                        || c.Name.Contains(query, StringComparison.Ordinal)
                        || c.NameEn.Contains(query, StringComparison.OrdinalIgnoreCase))
            .Select(c => new IndustryClassResponse(c.Code, c.Name, c.NameEn, c.Level))
            .ToList();
        return TypedResults.Ok(items);
    }
}
