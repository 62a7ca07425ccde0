namespace SmartSender.Core.Persistence;

/// <summary>
/// The parts the features give the context, found in this assembly as EF finds the entity configurations: one instance
/// of each class that implements <typeparamref name="T"/>, made with its parameterless constructor, in name order.
/// </summary>
internal static class AssemblyParts
{
    public static T[] Of<T>()
        where T : class =>
    [
        .. typeof(AssemblyParts).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(T).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!),
    ];
}
