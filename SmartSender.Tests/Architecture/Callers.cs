using Mono.Cecil;

namespace SmartSender.Tests.Architecture;

/// <summary>
/// The types of an assembly whose methods call a given method, read from the compiled IL: a call in a lambda, a local
/// function or an async state machine counts for the type that declares it.
/// </summary>
public static class Callers
{
    public static IReadOnlySet<string> Of(string assemblyPath, Func<MethodReference, bool> called)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var callers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            var calls = type.Methods.Where(m => m.HasBody)
                .SelectMany(m => m.Body.Instructions)
                .Any(i => i.Operand is MethodReference method && called(method));
            if (calls)
            {
                callers.Add(Outermost(type).FullName);
            }
        }

        return callers;
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type;
    }
}
