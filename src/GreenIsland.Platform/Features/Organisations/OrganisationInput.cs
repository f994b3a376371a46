using System.Text.Json.Nodes;
using GreenIsland.Platform.Contracts.Identifiers;
using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Domain;
using GreenIsland.Platform.Persistence;
using GreenIsland.SharedKernel.Organisations;
using GreenIsland.SharedKernel.Results;
using Microsoft.EntityFrameworkCore;

namespace GreenIsland.Platform.Features.Organisations;

internal sealed record ValidOrganisationInput(string Name, UnifiedSocialCreditCode CreditCode, Jurisdiction Town, Jurisdiction? Supervised,
    string? ContactName, string? ContactPhone);

internal static class OrganisationInput
{
    public static async Task<ValidOrganisationInput?> ValidateAsync(PlatformDbContext db, FieldErrors errors, OrganisationType type, string? name,
        string? creditCode, Guid? townId, Guid? jurisdictionId, string? contactName, string? contactPhone, CancellationToken cancellationToken)
    {
        errors.Required("name", name, Organisation.NameMaxLength)
            .MaxLength("contactName", contactName, Organisation.ContactNameMaxLength)
            .MaxLength("contactPhone", contactPhone, Organisation.ContactPhoneMaxLength);
        if (Text.Clean(contactPhone) is { } phone && !phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' '))
        {
            errors.Add("contactPhone", "A phone number contains only digits, spaces, '+' and '-'.");
        }

        if (!UnifiedSocialCreditCode.TryParse(creditCode, out var code, out var codeReason))
        {
            errors.Add("creditCode", codeReason);
        }

        Jurisdiction? town = null;
        if (townId is null)
        {
            errors.Add("townId", "This field is required.");
        }
        else
        {
            var id = new JurisdictionId(townId.Value);
            town = await db.Jurisdictions.SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
            if (town is null || town.Level != JurisdictionLevel.Town)
            {
                errors.Add("townId", "No town has this id.");
            }
        }

        Jurisdiction? supervised = null;
        if (type == OrganisationType.Regulator)
        {
            if (jurisdictionId is null)
            {
                errors.Add("jurisdictionId", "A regulator supervises a jurisdiction (district or town).");
            }
            else
            {
                var id = new JurisdictionId(jurisdictionId.Value);
                supervised = await db.Jurisdictions.SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
                if (supervised is null)
                {
                    errors.Add("jurisdictionId", "No jurisdiction has this id.");
                }
            }
        }
        else if (jurisdictionId is not null)
        {
            errors.Add("jurisdictionId", "Only regulators supervise a jurisdiction.");
        }

        return errors.Any
            ? null
            : new ValidOrganisationInput(name!.Trim(), code, town!, supervised, Text.Clean(contactName), Text.Clean(contactPhone));
    }

    public static Task<bool> CreditCodeTakenAsync(PlatformDbContext db, UnifiedSocialCreditCode code, OrganisationId? except, CancellationToken cancellationToken) =>
        db.Organisations.IgnoreQueryFilters().AnyAsync(o => o.CreditCode == code.Value && (except == null || o.Id != except), cancellationToken);

    public static JsonObject Payload(Organisation o) => new()
    {
        ["id"] = o.Id.Value.ToString("D"),
        ["name"] = o.Name,
        ["type"] = o.Type.ToString(),
        ["creditCode"] = o.CreditCode,
        ["townId"] = o.TownId.Value.ToString("D"),
        ["jurisdictionId"] = o.SupervisedJurisdictionId?.Value.ToString("D"),
        ["contactName"] = o.ContactName,
        ["contactPhone"] = o.ContactPhone,
    };
}
