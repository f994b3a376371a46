using System.Security.Cryptography;
using System.Text;
using GreenIsland.Waste.Features.Webhooks;

namespace GreenIsland.Waste.Tests.Oversight;

public sealed class WebhookSigningTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"e1","type":"manifest.in_transit"}""");

    [Fact]
    public void Sign_IsHmacSha256OverTimestampDotBody()
    {
        // Independent computation of the documented scheme.
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("whsec_test"), (byte[])[.. Encoding.UTF8.GetBytes("1763740800."), .. Body]));
        Assert.Equal($"t=1763740800,v1={expected}", WebhookSigning.Header("whsec_test", 1763740800, Body));
    }

    [Fact]
    public void Verify_AcceptsTheSignedBodyWithinTolerance()
    {
        var header = WebhookSigning.Header("whsec_test", 1763740800, Body);
        Assert.True(WebhookSigning.Verify("whsec_test", header, Body, DateTimeOffset.FromUnixTimeSeconds(1763740800 + 60), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Verify_RejectsAChangedBodyAWrongSecretOrAnOldTimestamp()
    {
        var header = WebhookSigning.Header("whsec_test", 1763740800, Body);
        var now = DateTimeOffset.FromUnixTimeSeconds(1763740800);
        Assert.False(WebhookSigning.Verify("whsec_test", header, [.. Body, (byte)' '], now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSigning.Verify("whsec_other", header, Body, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSigning.Verify("whsec_test", header, Body, now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSigning.Verify("whsec_test", "v1=abc", Body, now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void NewSecret_IsPrefixedRandomAndUrlSafe()
    {
        var a = WebhookSigning.NewSecret();
        var b = WebhookSigning.NewSecret();
        Assert.StartsWith(WebhookSigning.SecretPrefix, a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.Equal(WebhookSigning.SecretPrefix.Length + 43, a.Length);
        Assert.DoesNotContain('+', a);
        Assert.DoesNotContain('/', a);
    }

    [Fact]
    public void RetryPolicy_DoublesUpToTheCapThenGivesUp()
    {
        var policy = new WebhookRetryPolicy(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), 6);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.DelayAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(60), policy.DelayAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(120), policy.DelayAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(240), policy.DelayAfter(4));
        Assert.Equal(TimeSpan.FromMinutes(5), policy.DelayAfter(5));
        Assert.Null(policy.DelayAfter(6));
    }

    [Theory]
    [InlineData("http://example.com/hook", false, "Must use https.")]
    [InlineData("https://127.0.0.1/hook", false, "Must point at a public host, not a loopback, private or link-local address.")]
    [InlineData("https://10.1.2.3/hook", false, "Must point at a public host, not a loopback, private or link-local address.")]
    [InlineData("https://user:pw@example.com/hook", false, "Must not carry a user name or password; authenticate deliveries with the signature.")]
    [InlineData("ftp://example.com/hook", true, "Must be an absolute http(s) URL.")]
    [InlineData("/relative", true, "Must be an absolute http(s) URL.")]
    public void UrlRule_RefusesUnsafeUrls(string url, bool allowInsecure, string reason) =>
        Assert.Equal(reason, WebhookUrlRule.Check(url, allowInsecure, out _));

    [Theory]
    [InlineData("https://hooks.example.com/greenisland", false)]
    [InlineData("http://127.0.0.1:5055/hook", true)]
    public void UrlRule_AcceptsSafeUrls(string url, bool allowInsecure) =>
        Assert.Null(WebhookUrlRule.Check(url, allowInsecure, out _));
}
