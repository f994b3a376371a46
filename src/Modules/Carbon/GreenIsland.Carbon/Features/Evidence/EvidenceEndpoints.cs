using System.Security.Cryptography;
using System.Text.Json.Nodes;
using GreenIsland.Carbon.Features.Activities;
using GreenIsland.Carbon.Persistence;
using GreenIsland.Platform.Contracts.Http;
using GreenIsland.Platform.Contracts.Ledger;
using GreenIsland.Platform.Contracts.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Carbon.Features.Evidence;

internal sealed record EvidenceResponse(Guid Id, Guid ActivityRecordId, string FileName, string ContentType, long SizeBytes, string Sha256, DateTime UploadedAt, string UploadedBy);

/// <summary>
/// Evidence files (invoice scans) of activity records: PDF, JPEG or PNG, recognised by their content (the declared type
/// must agree), at most <see cref="MaxBytes"/>, stored with their SHA-256 in Carbon's own table so the host keeps no
/// files. Deleting is allowed while the record is a draft (see <see cref="ActivityLocks"/>).
/// </summary>
internal static class EvidenceEndpoints
{
    /// <summary>
    /// A multi-page invoice or contract scanned at 300 dpi fits. The upload endpoint's own body limit
    /// (<see cref="BodyLimitBytes"/>) leaves room for the multipart envelope; the host's global 1 MiB does not apply.
    /// </summary>
    public const long MaxBytes = 20_000_000;

    public const long BodyLimitBytes = 20 * 1024 * 1024;

    public const int MaxFilesPerRecord = 20;

    private static readonly (string ContentType, byte[] Magic)[] Allowed =
    [
        ("application/pdf", "%PDF-"u8.ToArray()),
        ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        ("image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
    ];

    public static IEndpointRouteBuilder MapEvidence(this IEndpointRouteBuilder api)
    {
        // The form is read by the handler, not bound as an IFormFile parameter: a bound form adds content-type
        // matching to routing (a JSON request would get 404/415 before authentication) and the form binder's own
        // anti-forgery metadata, whereas the platform's anti-forgery middleware already checks cookie-authenticated
        // unsafe requests (X-XSRF-TOKEN).
        api.MapPost("/activities/{id:guid}/evidence", UploadAsync)
            .WithName("UploadActivityEvidence")
            .WithSummary("Attaches an evidence file (multipart field 'file': PDF, JPEG or PNG, at most 20,000,000 bytes) to an activity record of the caller's organisation.")
            .WithTags("Carbon").WithRequestBodyLimit(BodyLimitBytes).RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/activities/{id:guid}/evidence", ListAsync)
            .WithName("ListActivityEvidence").WithSummary("Lists an activity record's evidence files (without content).")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapGet("/evidence/{evidenceId:guid}", DownloadAsync)
            .WithName("DownloadActivityEvidence").WithSummary("Downloads an evidence file with its stored content type.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        api.MapDelete("/evidence/{evidenceId:guid}", DeleteAsync)
            .WithName("DeleteActivityEvidence").WithSummary("Deletes an evidence file while its activity record is not covered by a submitted or approved inventory.")
            .WithTags("Carbon").RequireTenancy(TenancyRule.OrganisationScoped);
        return api;
    }

    private static async Task<Results<Created<EvidenceResponse>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        Guid id, HttpRequest request, CarbonDbContext db, ILedger ledger, IActorContext actor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var record = await db.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (record is null)
        {
            return NotFound("No activity record you may see has this id.");
        }

        if (!CarbonAccess.CanEdit(actor.Current, record.OrganisationId))
        {
            return CarbonProblems.Forbidden("Only the organisation's own enterprise users can attach evidence.");
        }

        var file = request.HasFormContentType ? (await request.ReadFormAsync(cancellationToken)).Files.GetFile("file") : null;
        if (file is null)
        {
            return CarbonProblems.Validation("file", "Send the file as multipart/form-data in the field 'file'.");
        }

        if (file.Length == 0 || file.Length > MaxBytes)
        {
            return CarbonProblems.Validation("file", $"The file has {file.Length} bytes; give 1 to {MaxBytes} bytes.");
        }

        var fileName = Path.GetFileName(file.FileName ?? string.Empty).Trim();
        if (fileName.Length is 0 or > EvidenceFile.FileNameMaxLength || fileName.Any(char.IsControl))
        {
            return CarbonProblems.Validation("file", $"Give a file name of 1 to {EvidenceFile.FileNameMaxLength} printable characters.");
        }

        byte[] content;
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }

        var sniffed = Allowed.FirstOrDefault(a => content.AsSpan().StartsWith(a.Magic)).ContentType;
        if (sniffed is null)
        {
            return CarbonProblems.Validation("file", "Only PDF, JPEG and PNG files are accepted (recognised by their content).");
        }

        var declared = file.ContentType?.Split(';')[0].Trim();
        if (!string.Equals(declared, sniffed, StringComparison.OrdinalIgnoreCase))
        {
            return CarbonProblems.Validation("file", $"The content is {sniffed} but the part declares '{declared}'.");
        }

        if (await db.EvidenceFiles.CountAsync(e => e.ActivityRecordId == id, cancellationToken) >= MaxFilesPerRecord)
        {
            return CarbonProblems.Validation("file", $"An activity record has at most {MaxFilesPerRecord} evidence files.");
        }

        var evidence = new EvidenceFile
        {
            Id = Guid.CreateVersion7(), ActivityRecordId = id, OrganisationId = record.OrganisationId, DistrictId = record.DistrictId, TownId = record.TownId,
            FileName = fileName, ContentType = sniffed, SizeBytes = content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Content = content,
            UploadedAt = clock.GetUtcNow().UtcDateTime, UploadedBy = actor.Current.AuditName,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.EvidenceFiles.Add(evidence);
        await db.SaveChangesAsync(cancellationToken);
        await AppendAsync(db, ledger, record, "ActivityEvidenceAttached", evidence, actor.Current, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/carbon/evidence/{evidence.Id}", ToResponse(evidence));
    }

    private static async Task<Results<Ok<List<EvidenceResponse>>, ProblemHttpResult>> ListAsync(Guid id, CarbonDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Activities.AnyAsync(a => a.Id == id, cancellationToken))
        {
            return NotFound("No activity record you may see has this id.");
        }

        var files = await db.EvidenceFiles.AsNoTracking().Where(e => e.ActivityRecordId == id).OrderBy(e => e.UploadedAt).ThenBy(e => e.Id)
            .Select(e => new EvidenceResponse(e.Id, e.ActivityRecordId, e.FileName, e.ContentType, e.SizeBytes, e.Sha256, e.UploadedAt, e.UploadedBy))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(files);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadAsync(Guid evidenceId, CarbonDbContext db, CancellationToken cancellationToken)
    {
        var file = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(e => e.Id == evidenceId, cancellationToken);
        return file is null ? NotFound("No evidence file you may see has this id.") : TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid evidenceId, CarbonDbContext db, ILedger ledger, IActorContext actor, CancellationToken cancellationToken)
    {
        var file = await db.EvidenceFiles.SingleOrDefaultAsync(e => e.Id == evidenceId, cancellationToken);
        if (file is null)
        {
            return NotFound("No evidence file you may see has this id.");
        }

        if (!CarbonAccess.CanEdit(actor.Current, file.OrganisationId))
        {
            return CarbonProblems.Forbidden("Only the organisation's own enterprise users can delete evidence.");
        }

        var record = await db.Activities.AsNoTracking().SingleAsync(a => a.Id == file.ActivityRecordId, cancellationToken);
        var locks = await ActivityLocks.ForSiteAsync(db, record.SiteId, cancellationToken);
        if (locks.IsLocked(record.Month))
        {
            return TypedResults.Problem("The activity record is covered by a submitted or approved inventory; its evidence is locked.",
                statusCode: StatusCodes.Status409Conflict, title: "EvidenceOfLockedRecordCannotBeDeleted");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.EvidenceFiles.Remove(file);
        await db.SaveChangesAsync(cancellationToken);
        await AppendAsync(db, ledger, record, "ActivityEvidenceDeleted", file, actor.Current, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static Task AppendAsync(CarbonDbContext db, ILedger ledger, ActivityRecord record, string type, EvidenceFile file, Actor actor, CancellationToken cancellationToken) =>
        ledger.AppendAsync(db, new LedgerRecord($"carbon-site/{record.SiteId}", type, new JsonObject
        {
            ["activityRecordId"] = record.Id.ToString(),
            ["evidenceId"] = file.Id.ToString(),
            ["fileName"] = file.FileName,
            ["contentType"] = file.ContentType,
            ["sizeBytes"] = file.SizeBytes,
            ["sha256"] = file.Sha256,
            ["by"] = actor.AuditName,
        }, record.OrganisationId), cancellationToken);

    private static EvidenceResponse ToResponse(EvidenceFile e) => new(e.Id, e.ActivityRecordId, e.FileName, e.ContentType, e.SizeBytes, e.Sha256, e.UploadedAt, e.UploadedBy);

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
