using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;

namespace GreenIsland.ArchitectureTests;

/// <summary>
/// Module boundaries and code conventions, checked with plain reflection over the built assemblies (every
/// GreenIsland assembly the host ships) and a scan of the source tree.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly IReadOnlyList<Assembly> Assemblies = LoadProductAssemblies();

    private static bool IsContracts(string name) => name.EndsWith(".Contracts", StringComparison.Ordinal);

    /// <summary>Shared building blocks any module may use: the kernel's value types, the solver, the document (PDF) writer.</summary>
    private static bool IsLibrary(string name) => name is "GreenIsland.SharedKernel" or "GreenIsland.Routing" or "GreenIsland.Documents";

    private static bool IsModule(string name) => !IsContracts(name) && !IsLibrary(name) && name != "GreenIsland.Host";

    [Fact]
    public void ProductAssemblies_AreFound()
    {
        var names = Assemblies.Select(a => a.GetName().Name).ToList();
        Assert.Contains("GreenIsland.Host", names);
        Assert.Contains("GreenIsland.Platform", names);
        Assert.Contains("GreenIsland.Platform.Contracts", names);
        Assert.Contains("GreenIsland.SharedKernel", names);
    }

    [Fact]
    public void Modules_ReferenceOnlyContractsOfOtherModules()
    {
        var violations = new List<string>();
        foreach (var assembly in Assemblies)
        {
            var name = assembly.GetName().Name!;
            foreach (var reference in assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(r => r.StartsWith("GreenIsland.", StringComparison.Ordinal)))
            {
                var allowed = name switch
                {
                    "GreenIsland.Host" => true,
                    _ when IsContracts(name) => IsContracts(reference) || reference == "GreenIsland.SharedKernel",
                    _ when IsLibrary(name) => IsLibrary(reference),
                    _ => IsContracts(reference) || IsLibrary(reference),
                };
                if (!allowed)
                {
                    violations.Add($"{name} references {reference}");
                }
            }
        }

        Assert.True(violations.Count == 0, "Modules may only reference other modules' Contracts:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void Libraries_DependOnNoWebFrameworkDatabaseOrModule()
    {
        var violations = Assemblies.Where(a => IsLibrary(a.GetName().Name!))
            .SelectMany(a => a.GetReferencedAssemblies().Select(r => (Library: a.GetName().Name!, Reference: r.Name!)))
            .Where(p => p.Reference.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                        || p.Reference.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                        || (p.Reference.StartsWith("GreenIsland.", StringComparison.Ordinal) && !IsLibrary(p.Reference)))
            .Select(p => $"{p.Library} references {p.Reference}")
            .ToList();

        Assert.Contains(Assemblies, a => a.GetName().Name == "GreenIsland.Documents");
        Assert.True(violations.Count == 0, "Libraries are plain .NET that modules build on, never the other way round:\n" + string.Join('\n', violations));
    }

    [Fact]
    public void ModulesAndHost_ExposeOnlyTheirCompositionEntryPoints()
    {
        var violations = new List<string>();
        foreach (var assembly in Assemblies.Where(a => IsModule(a.GetName().Name!) || a.GetName().Name == "GreenIsland.Host"))
        {
            var name = assembly.GetName().Name!;
            foreach (var type in assembly.GetExportedTypes())
            {
                var isEntryPoint = (type.IsAbstract && type.IsSealed && type.Name.EndsWith("Module", StringComparison.Ordinal) && type.Namespace == name)
                                   || (name == "GreenIsland.Host" && type.Name == "Program");
                if (!isEntryPoint)
                {
                    violations.Add($"{type.FullName} in {name}");
                }
            }
        }

        Assert.True(violations.Count == 0,
            "Only Contracts and SharedKernel have a public surface; modules expose just their static XxxModule (Add/Map):\n" + string.Join('\n', violations));
    }

    [Fact]
    public void SourceCode_NeverReadsTheSystemClockDirectly()
    {
        // The product (src/) and the command-line tools (tools/: simulator, benches) take a TimeProvider.
        var root = RepositoryRoot();
        var offenders = new[] { "src", "tools" }.Select(d => Path.Combine(root, d))
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => SystemClock().IsMatch(l.Text) && !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Inject TimeProvider instead of reading the clock:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void CompiledCode_NeverCallsDateTimeNowOrUtcNow()
    {
        var forbidden = new HashSet<MethodBase>(
            new[] { typeof(DateTime), typeof(DateTimeOffset) }
                .SelectMany(t => new[] { "Now", "UtcNow", "Today" }.Select(p => t.GetProperty(p)?.GetMethod))
                .OfType<MethodBase>());
        var offenders = new List<string>();
        foreach (var assembly in Assemblies)
        {
            foreach (var type in assembly.GetTypes())
            {
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                             .Cast<MethodBase>()
                             .Concat(type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
                {
                    foreach (var called in CalledMethods(method))
                    {
                        if (forbidden.Contains(called))
                        {
                            offenders.Add($"{type.FullName}.{method.Name} calls {called.DeclaringType!.Name}.{called.Name}");
                        }
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "Inject TimeProvider instead of reading the clock:\n" + string.Join('\n', offenders.Distinct()));
    }

    [Fact]
    public void CallScanner_FindsAClockCallInThisTestAssembly()
    {
        var method = typeof(ClockReader).GetMethod(nameof(ClockReader.Read))!;
        Assert.Contains(CalledMethods(method), m => m.Name == "get_UtcNow");
    }

    private static IEnumerable<MethodBase> CalledMethods(MethodBase method)
    {
        byte[]? il;
        try
        {
            il = method.GetMethodBody()?.GetILAsByteArray();
        }
        catch (BadImageFormatException)
        {
            yield break;
        }

        if (il is null)
        {
            yield break;
        }

        for (var i = 0; i < il.Length; i++)
        {
            if ((il[i] == OpCodes.Call.Value || il[i] == OpCodes.Callvirt.Value) && i + 4 < il.Length)
            {
                MethodBase? called = null;
                try
                {
                    called = method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1),
                        method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null,
                        method.IsGenericMethod ? method.GetGenericArguments() : null);
                }
                catch (ArgumentException)
                {
                }
                catch (BadImageFormatException)
                {
                }

                if (called is not null)
                {
                    yield return called;
                }
            }
        }
    }

    private static IReadOnlyList<Assembly> LoadProductAssemblies()
    {
        var directory = AppContext.BaseDirectory;
        return Directory.EnumerateFiles(directory, "GreenIsland.*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n is not null && !n.EndsWith("Tests", StringComparison.Ordinal))
            .Select(n => Assembly.Load(n!))
            .OrderBy(a => a.GetName().Name, StringComparer.Ordinal)
            .ToList();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GreenIsland.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("GreenIsland.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"\bDateTime(Offset)?\s*\.\s*(Now|UtcNow|Today)\b")]
    private static partial Regex SystemClock();

    private static class ClockReader
    {
        public static DateTime Read() => DateTime.UtcNow;
    }
}
