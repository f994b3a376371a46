using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GreenIsland.IntegrationTests.Infrastructure;

/// <summary>Keeps cookies like a browser and, like the web UI, echoes the XSRF-TOKEN cookie in X-XSRF-TOKEN on unsafe requests.</summary>
public sealed class SessionHandler : DelegatingHandler
{
    public CookieContainer Cookies { get; } = new();

    public bool SendAntiforgeryHeader { get; set; } = true;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var cookieHeader = Cookies.GetCookieHeader(uri);
        if (cookieHeader.Length > 0)
        {
            request.Headers.Add("Cookie", cookieHeader);
        }

        if (SendAntiforgeryHeader && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head
            && Cookies.GetCookies(uri)["XSRF-TOKEN"] is { } token)
        {
            request.Headers.Add("X-XSRF-TOKEN", token.Value);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                Cookies.SetCookies(uri, setCookie);
            }
        }

        return response;
    }
}

public sealed class ApiClient(HttpClient http, SessionHandler session) : IDisposable
{
    public HttpClient Http { get; } = http;

    public SessionHandler Session { get; } = session;

    public string? BearerToken
    {
        set => Http.DefaultRequestHeaders.Authorization = value is null ? null : new AuthenticationHeaderValue("Bearer", value);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(path);

    public Task<HttpResponseMessage> PostJsonAsync(string path, object? body) => Http.PostAsJsonAsync(path, body, Json.Options);

    public Task<HttpResponseMessage> PutJsonAsync(string path, object? body) => Http.PutAsJsonAsync(path, body, Json.Options);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body, string contentType = "application/json") =>
        Http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json.Options);
        }

        return Http.SendAsync(request);
    }

    /// <summary>Cookie sign-in as the web UI does it: fetch the anti-forgery token, then POST /api/auth/login.</summary>
    public async Task<HttpResponseMessage> LoginAsync(string userName, string password)
    {
        (await Http.GetAsync("/api/auth/antiforgery")).EnsureSuccessStatusCode();
        return await PostJsonAsync("/api/auth/login", new { userName, password });
    }

    public async Task LoginOkAsync(string userName, string password)
    {
        var response = await LoginAsync(userName, password);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"login {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => Http.Dispose();
}

public static class Json
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static async Task<JsonNode> ReadAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>Asserts a status code and shows the body when it differs.</summary>
    public static async Task<HttpResponseMessage> Expect(this Task<HttpResponseMessage> call, HttpStatusCode expected)
    {
        var response = await call;
        if (response.StatusCode != expected)
        {
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: expected {(int)expected} but got {(int)response.StatusCode}: "
                        + await response.Content.ReadAsStringAsync());
        }

        return response;
    }

    public static async Task<JsonNode> ExpectJson(this Task<HttpResponseMessage> call, HttpStatusCode expected) =>
        await (await call.Expect(expected)).ReadAsync();
}
