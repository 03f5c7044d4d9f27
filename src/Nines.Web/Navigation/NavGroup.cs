namespace Nines.Web.Navigation;

/// <summary>The groups of the left navigation, in display order.</summary>
internal enum NavGroup
{
    /// <summary>The reliability loop of DESIGN.md.</summary>
    Main,

    /// <summary>Areas planned after the loop works end to end.</summary>
    Later,

    /// <summary>Users, tokens, audit; admins only.</summary>
    Admin,
}
