using System.Diagnostics.CodeAnalysis;

namespace Nines.Web.Security;

/// <summary>Open-redirect protection: only paths on this site are followed after log-in or a form post.</summary>
internal static class LocalUrl
{
    /// <summary>
    /// True for an absolute path on this site ("/slos?x=1"). False for anything a browser could
    /// read as another host: "//evil", "/\evil", a scheme, or control characters (browsers drop
    /// tabs and new lines, which would turn "/\t/evil" into "//evil").
    /// </summary>
    public static bool IsLocal([NotNullWhen(true)] string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/' || url.Length > 2048)
        {
            return false;
        }

        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return false;
        }

        foreach (var c in url)
        {
            if (char.IsControl(c) || c == '\\')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><paramref name="url"/> when it is local, else <paramref name="fallback"/>.</summary>
    public static string OrDefault(string? url, string fallback = "/") => IsLocal(url) ? url : fallback;
}
