namespace Nines.Web.Navigation;

/// <summary>
/// One entry of the left navigation. An area that is not built yet (<see cref="Built"/> false)
/// is served by the placeholder page, which shows <see cref="Purpose"/>, <see cref="BuiltBy"/>
/// and <see cref="Today"/>.
/// </summary>
internal sealed record NavArea(
    string Href,
    string Title,
    NavGroup Group,
    bool Built,
    string Purpose,
    string? BuiltBy = null,
    string? Today = null);
