using System.Reflection;

namespace Nines.Configuration;

/// <summary>A key bound by a dedicated binder (see <see cref="ConfigCustomAttribute"/>).</summary>
/// <param name="Name">The YAML key.</param>
/// <param name="Path">The dotted path from the root.</param>
/// <param name="Property">The property of the owning options class.</param>
/// <param name="Description">The property's <c>[Description]</c>.</param>
internal sealed record ConfigCustomKey(string Name, string Path, PropertyInfo Property, string Description);
