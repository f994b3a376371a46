using System.Globalization;
using GreenIsland.Carbon.Domain.Factors;
using GreenIsland.Carbon.Domain.Inventories;
using GreenIsland.Carbon.Domain.Units;
using GreenIsland.Carbon.Persistence;

namespace GreenIsland.Carbon.Features.Activities;

/// <summary>An activity as submitted (JSON or one CSV row), before validation.</summary>
internal sealed record ActivityInputFields(string? Month, string? Kind, string? ActivityCode, string? Quantity, string? Unit, string? Note);

/// <summary>A validated activity, ready to store.</summary>
internal sealed record ValidActivity(DateOnly Month, ActivityKind Kind, string? ActivityCode, decimal Quantity, string Unit, string? Note);

/// <summary>
/// Validates an activity against the unit catalogue and the current factor libraries: unknown unit symbols, a unit
/// of the wrong dimension for the kind (or for the fuel's heating value) and unknown fuels or gases are field errors.
/// </summary>
internal sealed class ActivityValidator(FactorLibraryVersion fuels, IReadOnlyCollection<string> knownGases)
{
    public ValidActivity? Validate(ActivityInputFields input, Action<string, string> error)
    {
        var ok = true;
        DateOnly month = default;
        if (string.IsNullOrWhiteSpace(input.Month)
            || !DateOnly.TryParseExact(input.Month.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out month))
        {
            error("month", "Give the month as yyyy-MM, for example 2022-03.");
            ok = false;
        }

        ActivityKind kind = default;
        if (string.IsNullOrWhiteSpace(input.Kind) || !Enum.TryParse(input.Kind.Trim(), ignoreCase: false, out kind) || !Enum.IsDefined(kind)
            || int.TryParse(input.Kind, out _))
        {
            error("kind", $"Use one of: {string.Join(", ", Enum.GetNames<ActivityKind>())}.");
            ok = false;
        }

        decimal quantity = 0;
        if (string.IsNullOrWhiteSpace(input.Quantity)
            || !decimal.TryParse(input.Quantity.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out quantity))
        {
            error("quantity", "Give a number with '.' as the decimal separator.");
            ok = false;
        }
        else if (quantity < 0)
        {
            error("quantity", "A quantity cannot be negative.");
            ok = false;
        }

        Unit? unit = null;
        var unitSymbol = input.Unit?.Trim() ?? string.Empty;
        if (!UnitCatalogue.TryFind(unitSymbol, out unit))
        {
            error("unit", $"Unknown unit symbol '{unitSymbol}'. Unit symbols are case-sensitive (for example kWh, MWh, t, kg, 10^4 Nm3, 1).");
            ok = false;
        }

        var code = string.IsNullOrWhiteSpace(input.ActivityCode) ? null : input.ActivityCode.Trim();
        if (input.Note is { Length: > ActivityRecord.NoteMaxLength })
        {
            error("note", $"At most {ActivityRecord.NoteMaxLength} characters are allowed.");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        if (kind.NeedsActivityCode() && code is null)
        {
            error("activityCode", kind == ActivityKind.FugitiveRefrigerant ? "Name the gas, for example HFC-134a." : "Name the fuel factor, for example fuel.diesel.");
            return null;
        }

        if (!kind.NeedsActivityCode() && code is not null)
        {
            error("activityCode", $"{kind} records take no activity code.");
            return null;
        }

        var required = kind.RequiredDimension();
        if (kind is ActivityKind.StationaryCombustion or ActivityKind.MobileCombustion)
        {
            var fuel = fuels.Factors.FirstOrDefault(f => f.Code == code);
            if (fuel is null)
            {
                error("activityCode", $"Unknown fuel '{code}' in factor library {fuels.Library} v{fuels.Version}; known: {string.Join(", ", fuels.Factors.Select(f => f.Code).Distinct())}.");
                return null;
            }

            required = fuel.Values.First(v => v.Component == "NCV").Unit.Denominator.Dimension;
        }
        else if (kind == ActivityKind.FugitiveRefrigerant && !knownGases.Contains(code!))
        {
            error("activityCode", $"Unknown gas '{code}' (gas names are case-sensitive, for example HFC-134a).");
            return null;
        }

        if (unit!.Dimension != required)
        {
            error("unit", $"Unit '{unit.Symbol}' measures {unit.Dimension}, but a {kind} record needs a unit of {required}.");
            return null;
        }

        if (required == Dimension.Dimensionless && (unit != UnitCatalogue.One || decimal.Truncate(quantity) != quantity))
        {
            error("quantity", "Certificates are counted in whole certificates with unit '1' (1 GEC = 1,000 kWh).");
            return null;
        }

        return new ValidActivity(month, kind, code, quantity, unit.Symbol, string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim());
    }
}
