using GreenIsland.SharedKernel.Results;
using GreenIsland.Waste.Features;
using Microsoft.AspNetCore.Http;

namespace GreenIsland.Waste.Tests;

/// <summary>Field errors carry reason codes next to their sentences, so a client can word them in the user's language.</summary>
public sealed class FieldCodeTests
{
    [Fact]
    public void Codes_AreIndexAlignedWithTheReasons_NullWhereAReasonHasNone()
    {
        var errors = new FieldErrors()
            .Add("reason", "Something only this endpoint says.")
            .Required("reason", " ", 10)
            .Add("weightKg", "The weight must be greater than 0 kg.", "WeightInvalid")
            .Add("note", "Free text.");

        var reasons = errors.ToDictionary();
        var codes = errors.ToCodeDictionary();

        Assert.NotNull(codes);
        Assert.Equal(["Something only this endpoint says.", "This field is required."], reasons["reason"]);
        Assert.Equal((IEnumerable<string?>)[null, "Required"], codes["reason"]);
        Assert.Equal((IEnumerable<string?>)["WeightInvalid"], codes["weightKg"]);
        Assert.False(codes.ContainsKey("note")); // no code at all: the field is left out
    }

    [Fact]
    public void NoCodes_NoExtension()
    {
        var errors = new FieldErrors().Add("note", "Free text.");
        Assert.Null(errors.ToCodeDictionary());
        Assert.False(WasteProblems.Details(errors).Extensions.ContainsKey(WasteProblems.FieldCodesExtension));
    }

    [Fact]
    public void TheValidationProblem_CarriesTheCodes_AsAnExtension()
    {
        var errors = new FieldErrors().MaxLength("name", new string('x', 11), 10).Add("securityCode", "Wrong code.", "SecurityCodeWrong");
        var problem = WasteProblems.Details(errors);

        Assert.Equal(StatusCodes.Status400BadRequest, problem.Status);
        Assert.Equal(["Wrong code."], problem.Errors["securityCode"]);
        var codes = Assert.IsType<Dictionary<string, string?[]>>(problem.Extensions[WasteProblems.FieldCodesExtension]);
        Assert.Equal((IEnumerable<string?>)["TooLong"], codes["name"]);
        Assert.Equal((IEnumerable<string?>)["SecurityCodeWrong"], codes["securityCode"]);
    }
}
