using GreenIsland.Platform.Contracts.Organisations;
using GreenIsland.Platform.Domain;
using GreenIsland.SharedKernel.Results;

namespace GreenIsland.Platform.Features.Users;

internal static class UserInput
{
    public const int UserNameMaxLength = 64;

    public static List<string> ValidateRoles(FieldErrors errors, IReadOnlyList<string>? roles, Organisation? organisation)
    {
        if (roles is null || roles.Count == 0)
        {
            errors.Add("roles", "At least one role is required.");
            return [];
        }

        var valid = new List<string>();
        foreach (var role in roles.Distinct(StringComparer.Ordinal))
        {
            var type = PlatformRoles.OrganisationTypeOf(role);
            if (type is null)
            {
                errors.Add("roles", $"Unknown role '{role}'. Known roles: {string.Join(", ", PlatformRoles.All)}.");
            }
            else if (organisation is not null && type != organisation.Type)
            {
                errors.Add("roles", $"The role {role} belongs to organisations of type {type}, not {organisation.Type}.");
            }
            else
            {
                valid.Add(role);
            }
        }

        return valid;
    }

    public static void ValidateContact(FieldErrors errors, string? displayName, string? email, string? phone)
    {
        errors.Required("displayName", displayName, PlatformUser.DisplayNameMaxLength)
            .MaxLength("email", email, 256)
            .MaxLength("phone", phone, 32);
        if (Text.Clean(email) is { } e && (e.IndexOf('@', StringComparison.Ordinal) is <= 0 || e.EndsWith('@')))
        {
            errors.Add("email", "This is not an e-mail address.");
        }

        if (Text.Clean(phone) is { } p && !p.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' '))
        {
            errors.Add("phone", "A phone number contains only digits, spaces, '+' and '-'.");
        }
    }
}
