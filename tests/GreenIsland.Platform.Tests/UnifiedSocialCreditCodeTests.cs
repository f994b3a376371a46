using GreenIsland.SharedKernel.Organisations;

namespace GreenIsland.Platform.Tests;

public sealed class UnifiedSocialCreditCodeTests
{
    // Widely quoted sample codes, re-checked with an independent implementation of the GB 32100-2015 weights.
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000802100433B")]
    public void TryParse_PublishedCodes_AreValid(string code)
    {
        Assert.True(UnifiedSocialCreditCode.TryParse(code, out var parsed, out var reason), reason);
        Assert.Equal(code, parsed.Value);
    }

    [Fact]
    public void TryParse_LowerCaseAndWhitespace_AreNormalised()
    {
        Assert.True(UnifiedSocialCreditCode.TryParse(" 91350100m000100y43 ", out var parsed, out _));
        Assert.Equal("91350100M000100Y43", parsed.Value);
    }

    [Fact]
    public void TryParse_WrongCheckCharacter_NamesTheExpectedOne()
    {
        Assert.False(UnifiedSocialCreditCode.TryParse("91350100M000100Y44", out _, out var reason));
        Assert.Contains("'3'", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("91350100M000100Y4", "18 characters")]
    [InlineData("91350100M0001I0Y43", "not allowed")]
    [InlineData("9135A100M000100Y43", "digits")]
    public void TryParse_MalformedCodes_AreRejectedWithAReason(string code, string expected)
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(code, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ComputeCheckCharacter_EverySingleCharacterChange_IsDetected()
    {
        const string valid = "91350100M000100Y43";
        for (var position = 0; position < 17; position++)
        {
            foreach (var replacement in UnifiedSocialCreditCode.Alphabet)
            {
                if (replacement == valid[position] || (position is >= 2 and < 8 && !char.IsAsciiDigit(replacement)))
                {
                    continue;
                }

                var altered = valid[..position] + replacement + valid[(position + 1)..];
                Assert.False(UnifiedSocialCreditCode.TryParse(altered, out _, out _), altered);
            }
        }
    }
}
