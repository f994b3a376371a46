using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GreenIsland.Cli.Telemetry;

/// <summary>
/// <c>greenisland simulate</c>: feeds the demo cabinets (<see cref="CabinetFeed"/>: the registered demo storage-cabinet
/// devices, discovered through the API), and gives <c>--sites</c> demo enterprises' sites a gateway, an electricity meter
/// and (on some sites) a PV inverter or gas meter through the platform API, then reports their readings over HTTP
/// with the gateway's device key: first a backfill of recent history, then live at each device's interval.
/// Keys are shown once by the API, so they are kept in a state file and reused on the next run.
/// </summary>
internal sealed class Simulator(HttpClient http, TextWriter log)
{
    private static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    internal sealed record SimDevice(Guid Id, string Type, int Seed, int IntervalSeconds);

    internal sealed record SimSite(Guid SiteId, string Name, Guid GatewayId, string Key, List<SimDevice> Devices);

    internal sealed record SimState(string BaseUrl, List<SimSite> Sites);

    public static async Task<int> RunAsync(string url, string? user, string? password, int siteCount, double backfillHours, int durationSeconds,
        string statePath, double speed, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        var feedUntil = durationSeconds > 0 ? clock.GetUtcNow().UtcDateTime.AddSeconds(durationSeconds) : DateTime.MaxValue;
        var cabinetState = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(statePath))!, "cabinet-keys.json");
        var cabinets = new CabinetFeed(http, Console.Out, speed, ct => CabinetFeed.SignInAsync(http, user, password, ct), clock)
            .RunAsync(url, cabinetState, feedUntil, cancellationToken);
        if (siteCount == 0)
        {
            await cabinets;
            return 0;
        }

        var simulator = new Simulator(http, Console.Out);
        var state = await simulator.LoadOrProvisionAsync(url, user, password, siteCount, statePath, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var from = now.AddHours(-Math.Clamp(backfillHours, 0, 24 * 29));
        var sent = await simulator.SendRangeAsync(state, from, now, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"backfill: {sent} readings for {state.Sites.Count} sites from {from:u} to {now:u}"));

        var until = durationSeconds > 0 ? clock.GetUtcNow().UtcDateTime.AddSeconds(durationSeconds) : DateTime.MaxValue;
        var last = now;
        while (!cancellationToken.IsCancellationRequested && clock.GetUtcNow().UtcDateTime < until)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var current = clock.GetUtcNow().UtcDateTime;
            var live = await simulator.SendRangeAsync(state, last, current, cancellationToken);
            if (live > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{current:u} sent {live} readings"));
            }

            last = current;
        }

        await cabinets;
        return 0;
    }

    private async Task<SimState> LoadOrProvisionAsync(string url, string? user, string? password, int siteCount, string statePath, CancellationToken cancellationToken)
    {
        if (File.Exists(statePath))
        {
            var saved = JsonSerializer.Deserialize<SimState>(await File.ReadAllTextAsync(statePath, cancellationToken), StateJson);
            if (saved is not null && string.Equals(saved.BaseUrl, url, StringComparison.OrdinalIgnoreCase) && saved.Sites.Count > 0)
            {
                await log.WriteLineAsync($"using {saved.Sites.Count} simulated sites from {statePath}");
                return saved;
            }
        }

        var info = await http.GetFromJsonAsync<JsonObject>("/api/system/info", cancellationToken);
        var demoAccounts = info?["demoAccounts"]?.AsArray() ?? [];
        if (user is null || password is null)
        {
            var admin = demoAccounts.FirstOrDefault(a => a?["role"]?.GetValue<string>() == "PlatformAdmin")
                ?? throw new InvalidOperationException("pass --user/--password of a platform admin (the server lists no demo accounts)");
            user = admin["userName"]!.GetValue<string>();
            password = admin["password"]!.GetValue<string>();
        }

        var token = await SendAsync(HttpMethod.Post, "/api/auth/token", null, new JsonObject { ["userName"] = user, ["password"] = password }, cancellationToken);
        var bearer = token["accessToken"]!.GetValue<string>();

        // The demo enterprise accounts' own organisations come first, so that whoever signs in as them sees their
        // meters and PV live; the other sites are the first enterprises in the directory's order.
        var chosen = new List<JsonObject>();
        foreach (var name in demoAccounts.Where(a => a?["role"]?.GetValue<string>() is "EnterpriseAdmin" or "EnterpriseStaff")
                     .Select(a => a!["organisationName"]?.GetValue<string>()).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var found = await SendAsync(HttpMethod.Get, $"/api/organisations?type=Enterprise&pageSize=5&q={Uri.EscapeDataString(name)}", bearer, null, cancellationToken);
            chosen.AddRange(found["items"]!.AsArray().OfType<JsonObject>().Where(o => o["name"]?.GetValue<string>() == name));
        }

        var directory = await SendAsync(HttpMethod.Get, $"/api/organisations?type=Enterprise&pageSize={siteCount + chosen.Count}", bearer, null, cancellationToken);
        chosen.AddRange(directory["items"]!.AsArray().OfType<JsonObject>());
        var organisations = chosen.DistinctBy(o => o["id"]!.GetValue<Guid>()).Take(siteCount);
        var state = new SimState(url, []);
        var index = 0;
        foreach (var organisation in organisations)
        {
            var organisationId = organisation["id"]!.GetValue<Guid>();
            var sites = await SendAsync(HttpMethod.Get, $"/api/sites?organisationId={organisationId}&pageSize=1", bearer, null, cancellationToken);
            if (sites["items"]!.AsArray().FirstOrDefault() is not { } site)
            {
                continue;
            }

            var siteId = site["id"]!.GetValue<Guid>();
            var gateway = await CreateDeviceAsync(siteId, "模拟网关 sim gateway", "Gateway", bearer, cancellationToken);
            var key = (await SendAsync(HttpMethod.Post, $"/api/devices/{gateway}/keys", bearer, new JsonObject(), cancellationToken))["key"]!.GetValue<string>();
            var devices = new List<SimDevice>();
            async Task AddAsync(string name, string type, int interval) =>
                devices.Add(new SimDevice(await CreateDeviceAsync(siteId, name, type, bearer, cancellationToken), type, Random.Shared.Next(), interval));

            await AddAsync("电表 electricity meter", "ElectricityMeter", 900);
            if (index % 2 == 0)
            {
                await AddAsync("光伏逆变器 PV inverter", "PvInverter", 900);
            }

            if (index % 3 == 0)
            {
                await AddAsync("燃气表 gas meter", "GasMeter", 900);
            }

            state.Sites.Add(new SimSite(siteId, site["name"]!.GetValue<string>(), gateway, key, devices));
            index++;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(statePath))!);
        await File.WriteAllTextAsync(statePath, JsonSerializer.Serialize(state, StateJson), cancellationToken);
        await log.WriteLineAsync($"provisioned {state.Sites.Count} sites; device keys saved in {statePath} (keep it private)");
        return state;
    }

    private async Task<Guid> CreateDeviceAsync(Guid siteId, string name, string kind, string bearer, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, "/api/devices", bearer, new JsonObject { ["siteId"] = siteId, ["name"] = name, ["kind"] = kind }, cancellationToken))["id"]!
            .GetValue<Guid>();

    private readonly Dictionary<(Guid, string), (long Step, double Value)> registers = [];

    /// <summary>Sends every reading due in (from, to] for every simulated device, in batches of at most 5,000.</summary>
    private async Task<int> SendRangeAsync(SimState state, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var site in state.Sites)
        {
            var batch = new JsonArray();
            foreach (var device in site.Devices)
            {
                var interval = TimeSpan.FromSeconds(device.IntervalSeconds);
                var first = new DateTime(from.Ticks - (from.Ticks % interval.Ticks) + interval.Ticks, DateTimeKind.Utc);
                for (var ts = first; ts <= to; ts += interval)
                {
                    foreach (var (metric, value) in Readings(device, ts))
                    {
                        batch.Add(new JsonObject { ["deviceId"] = device.Id, ["metric"] = metric, ["ts"] = ts, ["value"] = value });
                    }

                    if (batch.Count >= 4_990)
                    {
                        total += await PostAsync(site.Key, batch, cancellationToken);
                        batch = [];
                    }
                }
            }

            if (batch.Count > 0)
            {
                total += await PostAsync(site.Key, batch, cancellationToken);
            }
        }

        return total;
    }

    private IEnumerable<(string Metric, double Value)> Readings(SimDevice device, DateTime ts)
    {
        var s = device.Seed;
        switch (device.Type)
        {
            case "ElectricityMeter":
                yield return ("active_power", SimulationModels.ActivePowerKw(s, ts));
                // A 6-digit kWh register wraps at 1,000,000 like the real thing (Telemetry handles the rollover).
                yield return ("energy_import", Math.Round(Register(device, "energy_import", ts, 20_000, t => SimulationModels.EnergyImportStepKwh(s, t)) % 1_000_000, 2));
                break;
            case "PvInverter":
                yield return ("pv_power", SimulationModels.PvPowerKw(s, ts));
                yield return ("pv_generation", Math.Round(Register(device, "pv_generation", ts, 1_000, t => SimulationModels.PvGenerationStepKwh(s, t)) % 1_000_000, 2));
                break;
            case "GasMeter":
                yield return ("gas_volume", Math.Round(Register(device, "gas_volume", ts, 5_000, t => SimulationModels.GasStepM3(s, t)), 3));
                break;
            default:
                break;
        }
    }

    private double Register(SimDevice device, string metric, DateTime ts, double initial, Func<DateTime, double> perStep)
    {
        var key = (device.Id, metric);
        if (!registers.TryGetValue(key, out var previous))
        {
            previous = (0, initial + (SimulationModels.Noise(device.Seed, 17) * initial));
        }

        if (previous.Step > (long)Math.Floor((ts - SimulationModels.RegisterEpoch) / SimulationModels.RegisterStep))
        {
            previous = (0, initial + (SimulationModels.Noise(device.Seed, 17) * initial)); // a backfill after live: recompute from the epoch
        }

        var next = SimulationModels.Register(ts, previous, perStep);
        registers[key] = next;
        return next.Value;
    }

    private async Task<int> PostAsync(string key, JsonArray readings, CancellationToken cancellationToken)
    {
        var payload = new JsonObject { ["readings"] = readings };
        HttpResponseMessage response;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/telemetry/readings") { Content = JsonContent.Create(payload) };
            request.Headers.Add("X-Device-Key", key);
            response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.TooManyRequests)
            {
                break;
            }

            // The gateway key's rate limit (RateLimiting:DeviceIngest): wait as told, as a real gateway would.
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }

        using var _ = response;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ingest answered {(int)response.StatusCode}: {body}");
        }

        var result = JsonNode.Parse(body)!;
        if (result["rejected"]!.AsArray().FirstOrDefault() is { } rejected)
        {
            await log.WriteLineAsync($"rejected: {rejected.ToJsonString()}");
        }

        return result["accepted"]!.GetValue<int>();
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, string? bearer, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }
}
