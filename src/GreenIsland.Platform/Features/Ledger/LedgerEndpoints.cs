using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Tenancy;
using GreenIsland.Platform.Ledger;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Results;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Ledger;

internal sealed record BrokenLinkResponse(string Stream, long Sequence, Guid? EntryId, string Reason);

internal sealed record LedgerVerificationResponse(bool Ok, int StreamsChecked, long EntriesChecked, BrokenLinkResponse? FirstBroken);

internal sealed record LedgerEntryResponse(Guid Id, string Stream, long Sequence, string Type, DateTime OccurredAt, string Actor, Guid? OrganisationId,
    JsonNode? Payload, string Hash, string PreviousHash);

internal static class VerifyLedger
{
    public static IEndpointRouteBuilder MapVerifyLedger(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ledger/verify", HandleAsync)
            .WithName("VerifyLedger")
            .WithSummary("Recomputes every hash chain of the audit ledger (or one stream) and reports the first broken link, if any.")
            .WithTags("Ledger")
            .RequireTenancy(TenancyRule.Supervision);
        return api;
    }

    private static async Task<Ok<LedgerVerificationResponse>> HandleAsync(LedgerVerifier verifier, string? stream, CancellationToken cancellationToken)
    {
        var result = await verifier.VerifyAsync(cancellationToken, Text.Clean(stream));
        var broken = result.FirstBroken is { } b ? new BrokenLinkResponse(b.Stream, b.Sequence, b.EntryId, b.Reason) : null;
        return TypedResults.Ok(new LedgerVerificationResponse(result.Ok, result.StreamsChecked, result.EntriesChecked, broken));
    }
}

internal static class ListLedgerEntries
{
    public static IEndpointRouteBuilder MapListLedgerEntries(this IEndpointRouteBuilder api)
    {
        api.MapGet("/ledger/entries", HandleAsync)
            .WithName("ListLedgerEntries")
            .WithSummary("Audit ledger entries about organisations the caller supervises, newest first, optionally one stream in order.")
            .WithTags("Ledger")
            .RequireTenancy(TenancyRule.Supervision);
        return api;
    }

    private static async Task<Results<Ok<Paged<LedgerEntryResponse>>, ValidationProblem>> HandleAsync(
        PlatformDbContext db, string? stream, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().MaxLength("stream", stream, LedgerEntry.StreamMaxLength);
        var paging = Paging.Validate(page, pageSize, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors);
        }

        var query = db.LedgerEntries.AsNoTracking();
        IOrderedQueryable<LedgerEntry> ordered;
        if (Text.Clean(stream) is { } s)
        {
            ordered = query.Where(e => e.Stream == s).OrderBy(e => e.Sequence);
            query = ordered;
        }
        else
        {
            ordered = query.OrderByDescending(e => e.Id);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await ordered.Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        var items = rows.Select(e => new LedgerEntryResponse(e.Id, e.Stream, e.Sequence, e.Type, e.OccurredAt, e.Actor, e.OrganisationId?.Value,
            JsonNode.Parse(e.Payload), e.Hash, e.PreviousHash)).ToList();
        return TypedResults.Ok(new Paged<LedgerEntryResponse>(items, total, paging.Page, paging.PageSize));
    }
}
